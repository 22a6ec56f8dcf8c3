// issue 17 (point 5, memory at start): a server brought up with every peer,
// a page at a time. Building the whole desired device at once held every
// row, every unsealed PSK, every PeerSpec and the whole setconf text of a
// 10,000-peer server together, on top of what serve had loaded: most of its
// peak at start. Here a page's rows and secrets are dropped before the next
// page is read, so what is held no longer grows with the server.
import type { WgKey } from '../../../shared/validate';
import type { DeviceSpec } from '../../host/host';
import type { InterfaceId, InterfaceRecord, PeerId, PeerRecord, Store } from '../../store';
import type { ServiceContext } from '../context';
import { belongsInKernel, peerSpecOf } from './spec';

/** Peers per `wg setconf`/`addconf`: ~200 KB of text, a few ms of wg each. */
export const PAGE = 1_000;

/** The interface's peers in id order, one page (a fresh query) at a time. */
export function* peerPages(
  store: Pick<Store, 'peers'>,
  interfaceId: InterfaceId,
  size = PAGE,
): Generator<PeerRecord[]> {
  let after = 0;
  for (;;) {
    const page = store.peers.pageByInterface(interfaceId, after, size);
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    if (page.length < size) return;
    after = last.id;
  }
}

/**
 * A link that was just created gets the desired device: the first page with
 * `wg setconf` (key, port, mark and those peers: for a server of at most one
 * page, the one command it always was), every later page added with `wg
 * addconf`. The end state is the one `wg setconf` of the whole device gave.
 * Returns the ids of every peer accounted for (in the kernel or kept out).
 */
export async function configureNewLink(
  ctx: Pick<ServiceContext, 'store' | 'host' | 'now'>,
  iface: InterfaceRecord,
  size = PAGE,
): Promise<PeerId[]> {
  return configureInPages(ctx, iface, size, 'replace');
}

/**
 * One `wg` command per page of desired peers: the first with `firstMode`
 * (it also sets the device's key, port and mark, so it goes even with no
 * peers), every later page added. `sent` sees each peer handed to the kernel.
 * Returns the ids of every peer accounted for (in the kernel or kept out).
 */
async function configureInPages(
  ctx: Pick<ServiceContext, 'store' | 'host' | 'now'>,
  iface: InterfaceRecord,
  size: number,
  firstMode: 'replace' | 'add',
  sent: (peer: DeviceSpec['peers'][number]) => void = () => undefined,
): Promise<PeerId[]> {
  const { store, host } = ctx;
  const ids: PeerId[] = [];
  let first = true;
  for (const page of peerPages(store, iface.id, size)) {
    const t = ctx.now();
    const peers = page.filter((p) => belongsInKernel(p, t)).map((p) => peerSpecOf(p, store.peers));
    if (first || peers.length > 0) {
      await host.configure(iface.name, device(ctx, iface, peers), first ? firstMode : 'add');
    }
    first = false;
    peers.forEach(sent);
    for (const p of page) ids.push(p.id);
  }
  // No peers at all: the device still gets its key and port.
  if (first) await host.configure(iface.name, device(ctx, iface, []), firstMode);
  return ids;
}

/** Unsealed for each command and dropped with it, like the page's PSKs. */
function device(
  ctx: Pick<ServiceContext, 'store'>,
  iface: InterfaceRecord,
  peers: DeviceSpec['peers'],
): DeviceSpec {
  return {
    privateKey: ctx.store.interfaces.revealPrivateKey(iface.id),
    listenPort: iface.listenPort,
    fwMark: iface.fwmark,
    peers,
  };
}

/**
 * `wg syncconf` of the desired state, a page at a time, for a link that is
 * running (the start-up push): each page is added with `wg addconf`, which
 * does to those peers what syncconf does (allowed IPs replaced, a PSK left
 * as it is when none is desired, no session dropped), then the peers the
 * kernel holds (`inKernel`: their keys, from a dump the caller has just read)
 * that are not desired go, as syncconf removes them. Returns the ids of
 * every peer accounted for.
 */
export async function syncInPages(
  ctx: Pick<ServiceContext, 'store' | 'host' | 'now'>,
  iface: InterfaceRecord,
  inKernel: Iterable<WgKey>,
  size = PAGE,
): Promise<PeerId[]> {
  const extra = new Set(inKernel);
  const ids = await configureInPages(ctx, iface, size, 'add', (p) => extra.delete(p.publicKey));
  if (extra.size > 0) await ctx.host.removePeers(iface.name, [...extra]);
  return ids;
}
