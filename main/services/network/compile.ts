// Access rules and a server's settings, compiled into the structured
// ruleset the privileged side renders (host/network/ruleset.ts). Pure.
import type { Cidr } from '../../../shared/validate';
import type { RuleLine, ServerRules } from '../../host/network/ruleset';
import type { InterfaceRecord, NetworkSettings, PeerRecord } from '../../store';
import type { ResolvedRule } from './resolve';

const FAMILIES = ['ip', 'ip6'] as const;
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
    forward: s.rules.filter((r) => r.destination.kind !== 'server').flatMap((r) => linesOf(r)),
    input: toServer.flatMap((r) => linesOf({ ...r, destination: { kind: 'any' } })),
  };
}

/** Whether a server forwards anything at all, and so needs the kernel's forwarding on. */
export function needsForwarding(s: ServerInput): boolean {
  const { reach, policy } = s.settings;
  return reach !== 'server' || policy !== 'deny' || s.rules.some((r) => r.verdict === 'accept');
}
