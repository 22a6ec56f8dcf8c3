// The nft text of wgdesk's own table, written by root from a validated
// ruleset (ruleset.ts). Pure: table-driven tests read exactly what `nft -f`
// will be given. Everything lives in `table inet wgdesk`; one transaction
// replaces it whole and atomically (see Previous) and never names another table.
//
// Per packet, the cost stays flat as rules grow: established flows are
// accepted first; a new flow's interface picks its server chain through a
// verdict map, its source address picks that peer's own chain through
// another, and addresses and ports are matched as sets. Only the rules that
// can concern that source are walked.
import { NON_INTERNET_V4, NON_INTERNET_V6 } from '../../../shared/network/internet';
import type { RuleCounter, RuleLine, ServerRules } from './ruleset';

export const TABLE = 'wgdesk';
export const TABLE_SPEC = `inet ${TABLE}`;

const ICMP = { ip: 'icmp', ip6: 'ipv6-icmp' } as const;

function set(items: readonly string[]): string {
  return items.length === 1 ? (items[0] as string) : `{ ${items.join(', ')} }`;
}

/** One rule line: matches, its rule's named counter, its verdict. */
export function ruleText(r: RuleLine): string {
  const m: string[] = [];
  if (r.saddr !== null) m.push(`${r.family} saddr ${set(r.saddr)}`);
  else m.push(`meta nfproto ${r.family === 'ip' ? 'ipv4' : 'ipv6'}`);
  if (r.daddr !== null) m.push(`${r.family} daddr ${set(r.daddr)}`);
  if (r.internet) m.push(`${r.family} daddr != @${r.family === 'ip' ? 'lan4' : 'lan6'}`);
  if (r.protocol === 'icmp') m.push(`meta l4proto ${ICMP[r.family]}`);
  else if (r.protocol !== 'any') {
    m.push(`meta l4proto ${r.protocol}`);
    if (r.ports !== null) {
      const ports = r.ports.map((p) => (p.from === p.to ? String(p.from) : `${p.from}-${p.to}`));
      m.push(`th dport ${set(ports)}`);
    }
  }
  return `${m.join(' ')} counter name "r${r.rule}" ${r.verdict}`;
}

function chainName(server: number, chain: number | 'fwd' | 'in' | 'def'): string {
  return `s${server}_${chain}`;
}

/** What the server's policy and reach do with forwarded traffic no rule decided. */
function defaultLines(s: ServerRules): string[] {
  const peerToPeer = s.policy === 'allow' ? 'accept' : 'drop';
  const out = [`oifname "${s.name}" ${peerToPeer}`];
  if (s.policy === 'deny' || s.reach === 'server') out.push('drop');
  else if (s.reach === 'networks') {
    out.push('ip daddr != @lan4 drop', 'ip6 daddr != @lan6 drop', 'accept');
  } else out.push('accept');
  return out;
}

function serverChains(s: ServerRules, i: number): string[] {
  const chains: string[] = [];
  const fwd: string[] = [];
  for (const family of ['ip', 'ip6'] as const) {
    const entries = s.dispatch
      .filter((d) => d.source.includes(':') === (family === 'ip6'))
      .map((d) => `${d.source} : goto ${chainName(i, d.chain)}`);
    if (entries.length > 0) fwd.push(`${family} saddr vmap { ${entries.join(', ')} }`);
  }
  fwd.push(`goto ${chainName(i, 0)}`);
  chains.push(chain(chainName(i, 'fwd'), fwd));
  s.chains.forEach((lines, c) => {
    chains.push(chain(chainName(i, c), [...lines.map(ruleText), `goto ${chainName(i, 'def')}`]));
  });
  chains.push(chain(chainName(i, 'def'), defaultLines(s)));
  chains.push(chain(chainName(i, 'in'), s.input.map(ruleText)));
  return chains;
}

function chain(name: string, lines: readonly string[], hook?: string): string {
  const body = [...(hook === undefined ? [] : [hook]), ...lines].map((l) => `\t\t${l}`);
  return [`\tchain ${name} {`, ...body, '\t}'].join('\n');
}

function dispatchBy(servers: readonly ServerRules[], to: 'fwd' | 'in'): string[] {
  if (servers.length === 0) return [];
  const entries = servers.map((s, i) => `"${s.name}" : jump ${chainName(i, to)}`);
  return [`iifname vmap { ${entries.join(', ')} }`];
}

function natLines(servers: readonly ServerRules[], uplinks: readonly (string | null)[]): string[] {
  const out: string[] = [];
  servers.forEach((s, i) => {
    const up = uplinks[i];
    if (up === null || up === undefined || s.reach === 'server') return;
    if (s.masquerade4) out.push(`iifname "${s.name}" oifname "${up}" meta nfproto ipv4 masquerade`);
    if (s.masquerade6) out.push(`iifname "${s.name}" oifname "${up}" meta nfproto ipv6 masquerade`);
  });
  return out;
}

function counterOf(rule: number, kept: ReadonlyMap<number, RuleCounter>): string {
  const c = kept.get(rule);
  const value = c === undefined ? '' : ` packets ${c.packets} bytes ${c.bytes}`;
  return `\tcounter r${rule} {${value} }`;
}

/** The chains and named counters a table holds beyond its fixed ones (sets, base chains). */
export interface TableNames {
  readonly chains: ReadonlySet<string>;
  readonly counters: ReadonlySet<number>;
}

export function tableNames(servers: readonly ServerRules[]): TableNames {
  const chains = new Set<string>();
  const counters = new Set<number>();
  servers.forEach((s, i) => {
    for (const c of ['fwd', 'def', 'in', ...s.chains.keys()] as const) chains.add(chainName(i, c));
    for (const r of [...s.input, ...s.chains.flat()]) counters.add(r.rule);
  });
  return { chains, counters };
}

/**
 * How the transaction replaces the table before it. `kept`: the table is
 * deleted and re-created, its counters' values written back. `names` (what
 * the last apply left): the table is flushed in place, so its named counters
 * keep their values (nft keeps an existing named object that is declared
 * again), and what is no longer wanted is deleted.
 */
export type Previous =
  { readonly kept: ReadonlyMap<number, RuleCounter> } | { readonly names: TableNames };

/** `add` before `delete`: deleting is then sure to find it, whoever changed the table. */
function staleLines(before: TableNames, now: TableNames): string[] {
  const out: string[] = [];
  for (const c of before.chains) {
    if (!now.chains.has(c))
      out.push(`add chain ${TABLE_SPEC} ${c}`, `delete chain ${TABLE_SPEC} ${c}`);
  }
  for (const r of before.counters) {
    if (!now.counters.has(r)) {
      out.push(`add counter ${TABLE_SPEC} r${r}`, `delete counter ${TABLE_SPEC} r${r}`);
    }
  }
  return out;
}

/**
 * The whole `nft -f` transaction. With no servers it only removes the table
 * (creating it first, so the delete cannot fail on a table that is not there).
 * `uplinks[i]` is where server i masquerades.
 */
export function renderRuleset(
  servers: readonly ServerRules[],
  uplinks: readonly (string | null)[],
  previous: Previous,
): string {
  const replace = servers.length === 0 || 'kept' in previous;
  const head = [`table ${TABLE_SPEC}`, `${replace ? 'delete' : 'flush'} table ${TABLE_SPEC}`];
  if (servers.length === 0) return `${head.join('\n')}\n`;
  const names = tableNames(servers);
  const kept = 'kept' in previous ? previous.kept : new Map<number, RuleCounter>();
  const body = [
    `\tset lan4 { type ipv4_addr; flags interval; elements = { ${NON_INTERNET_V4.join(', ')} } }`,
    `\tset lan6 { type ipv6_addr; flags interval; elements = { ${NON_INTERNET_V6.join(', ')} } }`,
    ...[...names.counters].sort((a, b) => a - b).map((r) => counterOf(r, kept)),
    chain(
      'forward',
      ['ct state established,related accept', ...dispatchBy(servers, 'fwd')],
      'type filter hook forward priority filter; policy accept;',
    ),
    chain(
      'input',
      ['ct state established,related accept', ...dispatchBy(servers, 'in')],
      'type filter hook input priority filter; policy accept;',
    ),
    chain(
      'postrouting',
      natLines(servers, uplinks),
      'type nat hook postrouting priority srcnat; policy accept;',
    ),
    ...servers.flatMap(serverChains),
  ];
  const stale = 'names' in previous ? staleLines(previous.names, names) : [];
  return [...head, `table ${TABLE_SPEC} {`, body.join('\n'), '}', ...stale, ''].join('\n');
}
