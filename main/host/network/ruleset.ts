// The ruleset the unprivileged side hands the privileged one: structured and
// validated, never nft text. Peers are already resolved to addresses; root
// re-validates every field here and writes the nft text itself (render.ts),
// for its own table only. Limits make "too large" an InvalidInput before nft
// ever sees it.
import { z } from 'zod';
import { zCidr, zInterfaceName } from '../../../shared/contract/fields';
import { MAX_PORT_RANGES, mergeRanges } from '../../../shared/network/ports';

/** Rule lines across all servers: far above 1,000 rules. */
export const MAX_RULE_LINES = 20_000;
/** Map elements across all servers (a line is sources × destinations × port ranges). */
export const MAX_ELEMENTS = 50_000;
/** Addresses in one side of one rule (a user's peers). */
export const MAX_SET = 8_192;
export const MAX_SERVERS = 64;

export const REACHES = ['server', 'networks', 'internet'] as const;
export type Reach = (typeof REACHES)[number];
export const POLICIES = ['allow', 'isolate', 'deny'] as const;
export type Policy = (typeof POLICIES)[number];
export const PROTOCOLS = ['any', 'tcp', 'udp', 'icmp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

const zPort = z.number().int().min(1).max(65_535);
const zPortRanges = z
  .array(z.strictObject({ from: zPort, to: zPort }).refine((r) => r.from <= r.to, 'from > to'))
  .min(1)
  .max(MAX_PORT_RANGES)
  // nft refuses overlapping interval elements: only the merged form passes.
  .refine((rs) => JSON.stringify(mergeRanges(rs)) === JSON.stringify(rs), 'not merged and sorted');

/** One rule line, for one address family. `null` sides match anything. */
export const zRuleLine = z.strictObject({
  /** The access rule's id: its map elements carry it, and their counters add up to the rule's. */
  rule: z.number().int().positive(),
  family: z.enum(['ip', 'ip6']),
  saddr: z.array(zCidr).min(1).max(MAX_SET).nullable(),
  daddr: z.array(zCidr).min(1).max(MAX_SET).nullable(),
  /** The destination must be the internet (outside the NON_INTERNET sets). */
  internet: z.boolean(),
  protocol: z.enum(PROTOCOLS),
  ports: zPortRanges.nullable(),
  verdict: z.enum(['accept', 'drop']),
});
export type RuleLine = z.output<typeof zRuleLine>;

export const zServerRules = z.strictObject({
  name: zInterfaceName,
  /** Where masquerading goes out; null = the device of the default route, found by root. */
  uplink: zInterfaceName.nullable(),
  reach: z.enum(REACHES),
  policy: z.enum(POLICIES),
  masquerade4: z.boolean(),
  masquerade6: z.boolean(),
  /** Forwarded traffic's rules, in order (first match decides). */
  forward: z.array(zRuleLine).max(MAX_RULE_LINES),
  /** Rules for traffic to the server itself (the input hook). */
  input: z.array(zRuleLine).max(MAX_RULE_LINES),
});
export type ServerRules = z.output<typeof zServerRules>;

type Lines = Pick<ServerRules, 'input' | 'forward'>;

/** How many map elements a line becomes: every source by every destination by every port range. */
function elementCount(line: RuleLine): number {
  return (line.saddr?.length ?? 1) * (line.daddr?.length ?? 1) * (line.ports?.length ?? 1);
}

/** The limits as the services say them, before anything else is checked; null within them. */
export function tooLarge(servers: readonly Lines[]): string | null {
  const lines = servers.flatMap((s) => [...s.input, ...s.forward]);
  if (lines.length > MAX_RULE_LINES) {
    return `the ruleset compiles to ${lines.length} rules; at most ${MAX_RULE_LINES}`;
  }
  const elements = lines.reduce((n, l) => n + elementCount(l), 0);
  return elements > MAX_ELEMENTS
    ? `the ruleset compiles to ${elements} set elements; at most ${MAX_ELEMENTS}`
    : null;
}

export const zNetworkRuleset = z
  .strictObject({
    servers: z.array(zServerRules).max(MAX_SERVERS),
    forwarding: z.strictObject({ ipv4: z.boolean(), ipv6: z.boolean() }),
  })
  .superRefine((rs, ctx) => {
    const problem = tooLarge(rs.servers);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['rules'], message: problem });
  });
export type NetworkRuleset = z.output<typeof zNetworkRuleset>;

/** What applying did: the uplink each server masquerades out of, found or given. */
export interface NetworkApplied {
  readonly uplinks: readonly { readonly name: string; readonly uplink: string | null }[];
}

export interface RuleCounter {
  readonly rule: number;
  readonly packets: number;
  readonly bytes: number;
}

export interface RouteConflict {
  readonly network: string;
  /** The device the existing route goes through. */
  readonly device: string;
}
