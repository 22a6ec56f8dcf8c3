// Access rules with their peers and users resolved to addresses: the one
// model both the firewall compiler (compile.ts) and "explain" (explain.ts)
// read, so what explain answers is what the table does.
import type { PortRange } from '../../../shared/network/ports';
import type { Cidr } from '../../../shared/validate';
import type { Protocol } from '../../host/network/ruleset';
import type { AccessRuleRecord, PeerRecord, RuleDestination, RuleSource } from '../../store';

export type ResolvedDestination =
  | { readonly kind: 'any' | 'server' | 'internet' }
  | { readonly kind: 'nets'; readonly nets: readonly Cidr[] };

export interface ResolvedRule {
  readonly id: number;
  /** null = any source. */
  readonly source: readonly Cidr[] | null;
  readonly destination: ResolvedDestination;
  readonly protocol: Protocol;
  readonly ports: readonly PortRange[];
  readonly verdict: 'accept' | 'drop';
}

/** A peer's networks: its tunnel addresses and the networks behind it. */
export function netsOf(peer: PeerRecord): Cidr[] {
  return [...new Set([...peer.addresses, ...peer.extraNetworks])];
}

function source(s: RuleSource, peers: readonly PeerRecord[]): readonly Cidr[] | null {
  switch (s.kind) {
    case 'any':
      return null;
    case 'cidr':
      return [s.cidr];
    case 'peer':
      return peers.filter((x) => x.id === s.peerId).flatMap(netsOf);
    case 'user':
      return peers.filter((x) => x.userId === s.userId).flatMap(netsOf);
  }
}

function destination(d: RuleDestination, peers: readonly PeerRecord[]): ResolvedDestination {
  switch (d.kind) {
    case 'any':
    case 'server':
    case 'internet':
      return { kind: d.kind };
    case 'peer':
      return { kind: 'nets', nets: peers.filter((x) => x.id === d.peerId).flatMap(netsOf) };
    case 'cidr':
      return { kind: 'nets', nets: [d.cidr] };
  }
}

/**
 * The enabled rules in order (priority, then id), resolved against the
 * server's peers. A rule whose peer or user has no address on this server
 * matches nothing and is left out.
 */
export function resolveRules(
  rules: readonly AccessRuleRecord[],
  peers: readonly PeerRecord[],
): ResolvedRule[] {
  const out: ResolvedRule[] = [];
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || a.id - b.id);
  for (const r of ordered.filter((x) => x.enabled)) {
    const src = source(r.source, peers);
    const dst = destination(r.destination, peers);
    if (src !== null && src.length === 0) continue;
    if (dst.kind === 'nets' && dst.nets.length === 0) continue;
    out.push({
      id: r.id,
      source: src,
      destination: dst,
      protocol: r.protocol,
      ports: r.ports,
      verdict: r.action === 'allow' ? 'accept' : 'drop',
    });
  }
  return out;
}
