// The nft text of wgdesk's own table, written by root from a validated
// ruleset (ruleset.ts). Pure: table-driven tests read exactly what `nft -f`
// will be given. Everything lives in `table inet wgdesk`; one transaction
// replaces it atomically (see Previous) and never names another table.
//
// Per packet, the cost stays flat as rules grow: established flows are
// accepted first; a new flow's interface picks its server chain through a
// verdict map, and the server's rules are a few lookups in verdict maps
// (groups.ts), each element counting for its rule.
import { NON_INTERNET_V4, NON_INTERNET_V6 } from '../../../shared/network/internet';
import { groupLines, type Element, type Shape } from './groups';
import type { RuleCounter, RuleLine, ServerRules } from './ruleset';

export const TABLE = 'wgdesk';
export const TABLE_SPEC = `inet ${TABLE}`;

const ADDR = { ip: 'ipv4_addr', ip6: 'ipv6_addr' } as const;

/** The key a group's map is looked up with, as an expression and as a map type. */
function keyOf(shape: Shape): { expr: string; type: string } {
  const f = shape.family;
  const expr = [`${f} saddr`];
  const type: string[] = [ADDR[f]];
  if (!shape.internet) {
    expr.push(`${f} daddr`);
    type.push(ADDR[f]);
  }
  if (shape.l4) {
    expr.push('meta l4proto', 'th dport');
    type.push('inet_proto', 'inet_service');
  }
  return { expr: expr.join(' . '), type: type.join(' . ') };
}

/** A map's name carries its key's shape: a name seen before means the same map type. */
function mapName(chain: string, index: number, shape: Shape): string {
  const code = `${shape.family === 'ip' ? 4 : 6}${shape.internet ? 'i' : 'n'}${shape.l4 ? 'l' : 'a'}`;
  return `${chain}_${index}_${code}`;
}

/** One element as the map holds it, without its counter's value: what tells a change. */
function elementText(e: Element): string {
  return `${e.key} comment "r${e.rule}" : ${e.verdict}`;
}

interface RenderedMap {
  readonly name: string;
  readonly type: string;
  readonly elements: readonly Element[];
}

/** A chain's lines turned into map lookups, with the maps they read. */
function groupedChain(chain: string, lines: readonly RuleLine[]) {
  const maps: RenderedMap[] = [];
  const rules = groupLines(lines).map((g, i) => {
    const { expr, type } = keyOf(g.shape);
    const name = mapName(chain, i, g.shape);
    maps.push({ name, type, elements: g.elements });
    const lan = g.shape.family === 'ip' ? 'lan4' : 'lan6';
    return `${g.shape.internet ? `${g.shape.family} daddr != @${lan} ` : ''}${expr} vmap @${name}`;
  });
  return { rules, maps };
}

function chainName(server: number, chain: 'fwd' | 'in'): string {
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

function serverChains(s: ServerRules, i: number) {
  const fwd = groupedChain(chainName(i, 'fwd'), s.forward);
  const input = groupedChain(chainName(i, 'in'), s.input);
  return {
    chains: [
      chain(chainName(i, 'fwd'), [...fwd.rules, ...defaultLines(s)]),
      chain(chainName(i, 'in'), input.rules),
    ],
    maps: [...fwd.maps, ...input.maps],
  };
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

/**
 * What a table holds beyond its fixed parts, as the last apply left it: its
 * server chains, and each map's elements (text by key) to tell what changed.
 */
export interface TableState {
  readonly chains: ReadonlySet<string>;
  readonly maps: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * How the transaction replaces the table before it. `kept`: the table is
 * deleted and re-created, its rules' counter values written back on their
 * first element. `state` (what the last apply left): rules are flushed in
 * place, maps keep the elements that did not change (and so their counters),
 * and only what changed is deleted or added.
 */
export type Previous =
  { readonly kept: ReadonlyMap<number, RuleCounter> } | { readonly state: TableState };

function declareMap(m: RenderedMap, kept: ReadonlyMap<number, RuleCounter>): string {
  const counted = new Set<number>();
  const items = m.elements.map((e) => {
    const c = kept.get(e.rule);
    const first = c !== undefined && !counted.has(e.rule);
    if (first) counted.add(e.rule);
    const value = first ? ` counter packets ${c.packets} bytes ${c.bytes}` : '';
    return `${e.key}${value} comment "r${e.rule}" : ${e.verdict}`;
  });
  return `\tmap ${m.name} { type ${m.type} : verdict; flags interval; counter; elements = { ${items.join(', ')} } }`;
}

/** The element changes of maps the last apply left, and the maps and chains no longer wanted. */
function changeLines(
  before: TableState,
  maps: readonly RenderedMap[],
  chains: ReadonlySet<string>,
) {
  const out: string[] = [];
  for (const m of maps) {
    const old = before.maps.get(m.name);
    if (old === undefined) continue;
    const now = new Map(m.elements.map((e) => [e.key, elementText(e)]));
    const gone = [...old].filter(([k, t]) => now.get(k) !== t).map(([k]) => k);
    const added = [...now].filter(([k, t]) => old.get(k) !== t).map(([, t]) => t);
    if (gone.length > 0) out.push(`delete element ${TABLE_SPEC} ${m.name} { ${gone.join(', ')} }`);
    if (added.length > 0) out.push(`add element ${TABLE_SPEC} ${m.name} { ${added.join(', ')} }`);
  }
  const wanted = new Set(maps.map((m) => m.name));
  for (const name of before.maps.keys()) {
    if (!wanted.has(name)) out.push(`delete map ${TABLE_SPEC} ${name}`);
  }
  for (const c of before.chains) if (!chains.has(c)) out.push(`delete chain ${TABLE_SPEC} ${c}`);
  return out;
}

function stateOf(chains: ReadonlySet<string>, maps: readonly RenderedMap[]): TableState {
  return {
    chains,
    maps: new Map(
      maps.map((m) => [m.name, new Map(m.elements.map((e) => [e.key, elementText(e)]))]),
    ),
  };
}

const EMPTY: TableState = { chains: new Set(), maps: new Map() };

/**
 * The whole `nft -f` transaction, and the table it leaves. With no servers
 * it only removes the table (creating it first, so the delete cannot fail on
 * a table that is not there). `uplinks[i]` is where server i masquerades.
 */
export function renderRuleset(
  servers: readonly ServerRules[],
  uplinks: readonly (string | null)[],
  previous: Previous,
): { text: string; state: TableState } {
  const replace = servers.length === 0 || 'kept' in previous;
  const head = [`table ${TABLE_SPEC}`, `${replace ? 'delete' : 'flush'} table ${TABLE_SPEC}`];
  if (servers.length === 0) return { text: `${head.join('\n')}\n`, state: EMPTY };
  const parts = servers.map(serverChains);
  const maps = parts.flatMap((p) => p.maps);
  const chains = new Set(servers.flatMap((_, i) => [chainName(i, 'fwd'), chainName(i, 'in')]));
  const before = 'state' in previous ? previous.state : EMPTY;
  const kept = 'kept' in previous ? previous.kept : new Map<number, RuleCounter>();
  const body = [
    `\tset lan4 { type ipv4_addr; flags interval; elements = { ${NON_INTERNET_V4.join(', ')} } }`,
    `\tset lan6 { type ipv6_addr; flags interval; elements = { ${NON_INTERNET_V6.join(', ')} } }`,
    ...maps.filter((m) => !before.maps.has(m.name)).map((m) => declareMap(m, kept)),
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
    ...parts.flatMap((p) => p.chains),
  ];
  const changes = changeLines(before, maps, chains);
  const text = [...head, `table ${TABLE_SPEC} {`, body.join('\n'), '}', ...changes, ''].join('\n');
  return { text, state: stateOf(chains, maps) };
}
