// Access rules and a server's settings, compiled into the structured
// ruleset the privileged side renders (host/network/ruleset.ts). Pure.
import { overlaps } from '../../../shared/ip';
import type { Cidr } from '../../../shared/validate';
import type { RuleLine, ServerRules } from '../../host/network/ruleset';
import type { InterfaceRecord, NetworkSettings, PeerId, PeerRecord } from '../../store';
import { netsOf, type ResolvedRule } from './resolve';

const FAMILIES = ['ip', 'ip6'] as const;
/** Per-peer chains may copy common rules up to this many times the rules' own lines (plus slack). */
const COPY_FACTOR = 2;
const COPY_SLACK = 256;
type Family = (typeof FAMILIES)[number];

function ofFamily(nets: readonly Cidr[], f: Family): Cidr[] {
  return nets.filter((n) => n.includes(':') === (f === 'ip6'));
}

/** The lines of one rule, one per address family it can match; `only` narrows its source. */
export function linesOf(r: ResolvedRule, only?: readonly Cidr[]): RuleLine[] {
  const out: RuleLine[] = [];
  const src = only ?? r.source;
  for (const family of FAMILIES) {
    const saddr = src === null ? null : ofFamily(src, family);
    if (saddr !== null && saddr.length === 0) continue;
    const d = r.destination;
    const daddr = d.kind === 'nets' ? ofFamily(d.nets, family) : null;
    if (daddr !== null && daddr.length === 0) continue;
    const ports = r.ports.length > 0 && (r.protocol === 'tcp' || r.protocol === 'udp');
    out.push({
      rule: r.id,
      family,
      saddr,
      daddr,
      internet: d.kind === 'internet',
      protocol: r.protocol,
      ports: ports ? [...r.ports] : null,
      verdict: r.verdict,
    });
  }
  return out;
}

/**
 * Chain 0 holds the rules about no peer in particular (any source, a CIDR);
 * each peer that some rule names gets a chain of its own with those rules
 * and its own, in order, and the dispatch map sends its addresses there, so
 * a new flow walks only the rules that can concern its source. A network
 * that overlaps one already dispatched is left to chain 0: nft refuses
 * overlapping map elements (and chain 0 then has every rule, see below).
 *
 * Keeping the order means copying the common rules into each peer's chain.
 * When rules of many peers are interleaved with many common ones, the
 * copies would outgrow the rules themselves: then one chain holds every
 * rule in order (established flows skip it either way).
 */
function forwardChains(rules: readonly ResolvedRule[], peers: readonly PeerRecord[]) {
  const forward = rules.filter((r) => r.destination.kind !== 'server');
  const linear = { chains: [forward.flatMap((r) => linesOf(r))], dispatch: [] };
  const named = new Set<PeerId>(forward.flatMap((r) => r.sourcePeers));
  const common = (r: ResolvedRule) => r.sourcePeers.length === 0;
  const chains: RuleLine[][] = [forward.filter(common).flatMap((r) => linesOf(r))];
  const dispatch: { source: Cidr; chain: number }[] = [];
  let lines = chains[0]?.length ?? 0;
  for (const p of peers.filter((x) => named.has(x.id))) {
    const nets = netsOf(p).filter((n) => !dispatch.some((d) => overlaps(d.source, n)));
    // A peer left to chain 0 needs its own rules there: only the linear form has them.
    if (nets.length < netsOf(p).length) return linear;
    const own = forward
      .filter((r) => common(r) || r.sourcePeers.includes(p.id))
      .flatMap((r) => (common(r) ? linesOf(r) : linesOf(r, netsOf(p))));
    lines += own.length;
    if (lines > COPY_FACTOR * (linear.chains[0]?.length ?? 0) + COPY_SLACK) return linear;
    chains.push(own);
    for (const n of nets) dispatch.push({ source: n, chain: chains.length - 1 });
  }
  return { chains, dispatch };
}

export interface ServerInput {
  readonly iface: InterfaceRecord;
  readonly settings: NetworkSettings;
  readonly rules: readonly ResolvedRule[];
  readonly peers: readonly PeerRecord[];
}

export function compileServer(s: ServerInput): ServerRules {
  const toServer = s.rules.filter(
    (r) => r.destination.kind === 'server' || r.destination.kind === 'any',
  );
  return {
    name: s.iface.name,
    uplink: s.settings.uplink,
    reach: s.settings.reach,
    policy: s.settings.policy,
    masquerade4: s.settings.masqueradeIpv4,
    masquerade6: s.settings.masqueradeIpv6,
    ...forwardChains(s.rules, s.peers),
    input: toServer.flatMap((r) => linesOf({ ...r, destination: { kind: 'any' } })),
  };
}

/** Whether a server forwards anything at all, and so needs the kernel's forwarding on. */
export function needsForwarding(s: ServerInput): boolean {
  const { reach, policy } = s.settings;
  return reach !== 'server' || policy !== 'deny' || s.rules.some((r) => r.verdict === 'accept');
}
