// Routes to the networks behind peers (a gateway's site subnets), as
// wg-quick adds one for every AllowedIPs, in the server's routing table
// (wg-quick's Table). Ours carry their own protocol number, so wgdesk removes
// only routes it added; a network already routed through another device is
// reported and left alone, never replaced.
import { z } from 'zod';
import { parseCidr, type Cidr, type InterfaceName } from '../../../shared/validate';
import type { Runner } from '../exec';
import type { RouteConflict } from './ruleset';

/** rtnetlink protocol of wgdesk's routes: unassigned in /etc/iproute2/rt_protos. */
export const ROUTE_PROTO = '241';
/** The kernel's main routing table: where `ip route` goes without `table` (and `table all` omits it). */
export const MAIN_TABLE = 254;
/** A routing table as `ip` takes it: 0 would mean "unspecified" (the kernel picks main). */
export const zRouteTableNumber = z.number().int().min(1).max(0xffffffff);

interface IpRoute {
  dst?: string;
  dev?: string;
  protocol?: string;
  /** Absent for the main table; a number with `ip -N`. */
  table?: string;
}

const tableOf = (r: IpRoute): number => (r.table === undefined ? MAIN_TABLE : Number(r.table));

/** `ip -j route` prints host routes without a prefix ("10.0.0.1"): the canonical CIDR. */
function cidrOf(dst: string, v6: boolean): string | null {
  if (dst === 'default') return v6 ? '::/0' : '0.0.0.0/0';
  const r = parseCidr(dst.includes('/') ? dst : `${dst}/${v6 ? 128 : 32}`);
  return r.ok ? r.value : null;
}

/**
 * Every route of one family, in every table: `show table N` fails for a table
 * that holds nothing yet. -N: tables (and protocols) as numbers, whatever
 * names /etc/iproute2/rt_tables gives them.
 */
async function everyRoute(runner: Runner, v6: boolean): Promise<IpRoute[]> {
  const args = ['-N', '-j', v6 ? '-6' : '-4', 'route', 'show', 'table', 'all'];
  const { stdout } = await runner.run({ tool: 'ip', args });
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as IpRoute[]);
}

/** Every route to a network, keyed by its canonical CIDR. */
function byNetwork(routes: readonly IpRoute[], v6: boolean): Map<string, IpRoute> {
  const out = new Map<string, IpRoute>();
  for (const r of routes) {
    const c = r.dst === undefined ? null : cidrOf(r.dst, v6);
    if (c !== null) out.set(c, r);
  }
  return out;
}

/**
 * Makes the routes through `name` that wgdesk added exactly `networks` in
 * routing table `table`: adds the missing ones, removes its own that are no
 * longer wanted or sit in another table (the server's Table changed), and
 * reports every wanted network that another device already routes there.
 */
export async function syncRoutes(
  runner: Runner,
  name: InterfaceName,
  networks: readonly Cidr[],
  table: number,
): Promise<RouteConflict[]> {
  const conflicts: RouteConflict[] = [];
  const inTable = ['table', String(table)];
  for (const v6 of [false, true]) {
    const wanted = networks.filter((n) => n.includes(':') === v6);
    const routes = await everyRoute(runner, v6);
    const existing = byNetwork(
      routes.filter((r) => tableOf(r) === table),
      v6,
    );
    for (const n of wanted) {
      const found = existing.get(n);
      if (found === undefined) {
        await runner.run({
          tool: 'ip',
          args: ['route', 'add', n, 'dev', name, 'proto', ROUTE_PROTO, ...inTable],
        });
      } else if (found.dev !== name) {
        conflicts.push({ network: n, device: found.dev ?? 'unknown' });
      }
    }
    for (const r of routes) {
      const n = r.dst === undefined ? null : cidrOf(r.dst, v6);
      if (n === null || r.dev !== name || r.protocol !== ROUTE_PROTO) continue;
      const where = tableOf(r);
      if (where === table && wanted.includes(n as Cidr)) continue;
      await runner.run({
        tool: 'ip',
        args: ['route', 'del', n, 'dev', name, 'proto', ROUTE_PROTO, 'table', String(where)],
      });
    }
  }
  return conflicts;
}
