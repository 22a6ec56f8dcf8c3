// "explain" for the contract: peers and the server resolved to addresses,
// then the pure explain() over the server's resolved rules.
import { invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { familyOf, hostOf, type Cidr, type IpAddress } from '../../../shared/ip';
import type { InterfaceId, PeerId, Store } from '../../store';
import { explain, type ExplainQuery, type Explanation } from './explain';
import { netsOf, resolveRules } from './resolve';
import { DEFAULT_NETWORK } from './views';

export type End = { readonly peerId: PeerId } | { readonly address: IpAddress };

export interface AskInput {
  readonly interfaceId: InterfaceId;
  readonly from: End;
  readonly to: End | { readonly server: true };
  readonly protocol: ExplainQuery['protocol'];
  readonly port: number | null;
}

function addressesOf(store: Store, id: InterfaceId, end: End, field: string): IpAddress[] {
  if ('address' in end) return [end.address];
  const peer = store.peers.getById(end.peerId);
  if (peer === undefined || peer.interfaceId !== id) {
    throw invalidInput(
      `${field}.peerId`,
      `peer ${end.peerId} is not a peer of this server`,
      problem('not_a_peer', { peer: end.peerId }),
    );
  }
  return peer.addresses.map((a) => hostOf(a));
}

/** Answers for the first source and destination addresses of one family. */
export function ask(store: Store, input: AskInput): Explanation {
  const id = input.interfaceId;
  const from = addressesOf(store, id, input.from, 'from');
  const to = 'server' in input.to ? null : addressesOf(store, id, input.to, 'to');
  const pair = from
    .map((s) => ({
      s,
      d: to === null ? ('server' as const) : to.find((d) => familyOf(d) === familyOf(s)),
    }))
    .find((p) => p.d !== undefined);
  if (pair === undefined || pair.d === undefined) {
    throw invalidInput(
      'to',
      'source and destination have no address of the same family',
      problem('no_common_family', {}),
    );
  }
  const peers = store.peers.listByInterface(id);
  const iface = store.interfaces.require(id);
  const own = [iface.ipv4Network, iface.ipv6Network].filter((n): n is Cidr => n !== null);
  return explain(
    {
      settings: store.network.settings(id) ?? DEFAULT_NETWORK,
      rules: resolveRules(store.network.rules(id), peers),
      tunnelNets: [...own, ...peers.flatMap(netsOf)],
    },
    { source: pair.s, destination: pair.d, protocol: input.protocol, port: input.port },
  );
}
