// "Can A reach B on tcp/22?", answered from the rules without sending a
// packet, naming what decides: a rule, the server's policy, or its reach.
// It walks the same resolved rules the firewall is compiled from, in the
// same order, with the same meaning of "the internet".
import { contains } from '../../../shared/ip';
import { isInternet } from '../../../shared/network/internet';
import { portIn } from '../../../shared/network/ports';
import type { ExplainReason } from '../../../shared/network/explain-reason';
import type { Cidr, IpAddress } from '../../../shared/validate';
import type { Protocol } from '../../host/network/ruleset';
import type { NetworkSettings } from '../../store';
import type { ResolvedRule } from './resolve';

export interface ExplainQuery {
  readonly source: IpAddress;
  /** 'server': the server itself (its input), not forwarded. */
  readonly destination: IpAddress | 'server';
  readonly protocol: Exclude<Protocol, 'any'>;
  /** For tcp and udp; null = no particular port. */
  readonly port: number | null;
}

export interface Explanation {
  readonly allowed: boolean;
  /** The rule that decides, or null when the policy or the reach does. */
  readonly ruleId: number | null;
  readonly decidedBy: 'rule' | 'policy' | 'reach' | 'server';
  /** Worded by the window in the admin's language. */
  readonly reason: ExplainReason;
}

export interface ExplainServer {
  readonly settings: NetworkSettings;
  readonly rules: readonly ResolvedRule[];
  /** Networks reached through the tunnel: the server's own and every peer's. */
  readonly tunnelNets: readonly Cidr[];
}

function matches(r: ResolvedRule, q: ExplainQuery): boolean {
  if (r.source !== null && !r.source.some((n) => contains(n, q.source))) return false;
  const d = r.destination;
  if (q.destination === 'server') {
    if (d.kind !== 'server' && d.kind !== 'any') return false;
  } else if (d.kind === 'server') return false;
  else if (d.kind === 'internet' && !isInternet(q.destination)) return false;
  else if (d.kind === 'nets') {
    const dst = q.destination;
    if (!d.nets.some((n) => contains(n, dst))) return false;
  }
  if (r.protocol !== 'any' && r.protocol !== q.protocol) return false;
  if (r.ports.length > 0 && (r.protocol === 'tcp' || r.protocol === 'udp')) {
    return q.port !== null && portIn(r.ports, q.port);
  }
  return true;
}

export function explain(server: ExplainServer, q: ExplainQuery): Explanation {
  for (const r of server.rules) {
    if (!matches(r, q)) continue;
    const allowed = r.verdict === 'accept';
    return {
      allowed,
      ruleId: r.id,
      decidedBy: 'rule',
      reason: { code: 'rule', ruleId: r.id, allowed },
    };
  }
  if (q.destination === 'server') {
    return {
      allowed: true,
      ruleId: null,
      decidedBy: 'server',
      reason: { code: 'server_open' },
    };
  }
  const { policy, reach } = server.settings;
  const dst = q.destination;
  if (server.tunnelNets.some((n) => contains(n, dst)) || policy === 'deny') {
    return {
      allowed: policy === 'allow',
      ruleId: null,
      decidedBy: 'policy',
      reason: { code: 'policy', policy },
    };
  }
  const allowed = reach === 'internet' || (reach === 'networks' && !isInternet(dst));
  return { allowed, ruleId: null, decidedBy: 'reach', reason: { code: 'reach', reach } };
}
