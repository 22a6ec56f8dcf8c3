// wg-quick's Table, turned into the routing table wgdesk's site routes go
// in: "off" = no routes, "auto" or none = the main table, a number = that
// table, a name = its number in /etc/iproute2/rt_tables (where `ip` itself
// looks; wg-quick hands the name to `ip`, which refuses one it cannot find).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { RouteTable } from '../../../shared/validate';
import { MAIN_TABLE } from '../../host/network/routes';

/** Where iproute2 reads table names: the file, then its .d directory (*.conf). */
const RT_TABLES = '/etc/iproute2/rt_tables';

/** Names to numbers, as iproute2 parses the file: "NUMBER NAME" lines, # comments. */
export function parseRtTables(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*(0x[0-9a-fA-F]+|[0-9]+)\s+(\S+)/.exec(line);
    if (m === null || m[1] === undefined || m[2] === undefined) continue;
    const n = Number(m[1]);
    if (Number.isSafeInteger(n) && n <= 0xffffffff) out.set(m[2], n);
  }
  return out;
}

/** The machine's table names (an unreadable file names none). */
export async function readRtTables(file = RT_TABLES): Promise<Map<string, number>> {
  const read = (f: string): Promise<string> => readFile(f, 'utf8').catch(() => '');
  const parts = [await read(file)];
  const dir = `${file}.d`;
  const extra = await readdir(dir).catch((): string[] => []);
  for (const f of extra.filter((n) => n.endsWith('.conf')).sort()) {
    parts.push(await read(join(dir, f)));
  }
  return parseRtTables(parts.join('\n'));
}

/**
 * The table number for a server's Table, or "off"; a name the machine does
 * not know (or table 0, which the kernel reads as "unspecified") is refused
 * naming the field, before anything is stored or run.
 */
export function routeTableNumber(
  table: RouteTable | null,
  names: ReadonlyMap<string, number>,
  field = 'routeTable',
): number | 'off' {
  if (table === 'off') return 'off';
  if (table === null || table === 'auto') return MAIN_TABLE;
  if (/^[0-9]+$/.test(table)) return Number(table);
  const n = names.get(table);
  if (n === undefined) {
    throw invalidInput(
      field,
      `no routing table is named ${table} in ${RT_TABLES}`,
      problem('route_table_unknown', { table, file: RT_TABLES }),
    );
  }
  if (n === 0) {
    throw invalidInput(
      field,
      `${table} is table 0 (unspecified), not a table to route in`,
      problem('route_table_zero', { table }),
    );
  }
  return n;
}

/**
 * The same, reading rt_tables only for a name: "off", "auto" and numbers (what
 * nearly every server has) cost no file reads on the kernel path.
 */
export async function resolveRouteTable(
  table: RouteTable | null,
  field = 'routeTable',
): Promise<number | 'off'> {
  const named = table !== null && table !== 'off' && table !== 'auto' && !/^[0-9]+$/.test(table);
  return routeTableNumber(table, named ? await readRtTables() : new Map(), field);
}
