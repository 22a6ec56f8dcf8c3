// Routes to the networks behind peers (a gateway's site subnets), as
// wg-quick adds one for every AllowedIPs. Ours carry their own protocol
// number, so wgdesk removes only routes it added; a network already routed
// through another device is reported and left alone, never replaced.
import { parseCidr, type Cidr, type InterfaceName } from '../../../shared/validate';
import type { Runner } from '../exec';
import type { RouteConflict } from './ruleset';

/** rtnetlink protocol of wgdesk's routes: unassigned in /etc/iproute2/rt_protos. */
export const ROUTE_PROTO = '241';

interface IpRoute {
  dst?: string;
  dev?: string;
  protocol?: string;
}

/** `ip -j route` prints host routes without a prefix ("10.0.0.1"): the canonical CIDR. */
function cidrOf(dst: string, v6: boolean): string | null {
  if (dst === 'default') return v6 ? '::/0' : '0.0.0.0/0';
  const r = parseCidr(dst.includes('/') ? dst : `${dst}/${v6 ? 128 : 32}`);
  return r.ok ? r.value : null;
}

async function table(runner: Runner, v6: boolean): Promise<IpRoute[]> {
  const args = ['-j', v6 ? '-6' : '-4', 'route', 'show', 'table', 'main'];
  const { stdout } = await runner.run({ tool: 'ip', args });
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as IpRoute[]);
}

/**
 * Makes the routes through `name` that wgdesk added exactly `networks`: adds
 * the missing ones, removes its own that are no longer wanted, and reports
 * every wanted network that another device already routes.
 */
export async function syncRoutes(
  runner: Runner,
  name: InterfaceName,
  networks: readonly Cidr[],
): Promise<RouteConflict[]> {
  const conflicts: RouteConflict[] = [];
  for (const v6 of [false, true]) {
    const wanted = networks.filter((n) => n.includes(':') === v6);
    const existing = new Map<string, IpRoute>();
    for (const r of await table(runner, v6)) {
      const c = r.dst === undefined ? null : cidrOf(r.dst, v6);
      if (c !== null) existing.set(c, r);
    }
    for (const n of wanted) {
      const found = existing.get(n);
      if (found === undefined) {
        await runner.run({
          tool: 'ip',
          args: ['route', 'add', n, 'dev', name, 'proto', ROUTE_PROTO],
        });
      } else if (found.dev !== name) {
        conflicts.push({ network: n, device: found.dev ?? 'unknown' });
      }
    }
    for (const [n, r] of existing) {
      if (r.dev === name && r.protocol === ROUTE_PROTO && !wanted.includes(n as Cidr)) {
        await runner.run({
          tool: 'ip',
          args: ['route', 'del', n, 'dev', name, 'proto', ROUTE_PROTO],
        });
      }
    }
  }
  return conflicts;
}
