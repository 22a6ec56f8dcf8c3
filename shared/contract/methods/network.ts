import { z } from 'zod';
import { zExplainReason } from '../../network/explain-reason';
import { parsePorts, type PortRange } from '../../network/ports';
import { method } from '../define';
import {
  refuse,
  zCidr,
  zInterfaceId,
  zInterfaceName,
  zIpAddress,
  zPeerId,
  zTime,
  zUserId,
} from '../fields';

// A server's network (what its clients may reach, its uplink and NAT, its
// default policy) and its access rules: an ordered, first-match firewall
// between peers, users, networks, the server itself and the internet.

const zPorts = z.string().transform((value, ctx): PortRange[] => {
  const r = parsePorts(value, 'ports');
  if (r.ok) return r.value;
  refuse(ctx, r.error, 'ports', value);
  return z.NEVER;
});

export const zRuleSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('any') }),
  z.strictObject({ kind: z.literal('peer'), peerId: zPeerId }),
  z.strictObject({ kind: z.literal('user'), userId: zUserId }),
  z.strictObject({ kind: z.literal('cidr'), cidr: zCidr }),
]);

export const zRuleDestination = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['any', 'server', 'internet']) }),
  z.strictObject({ kind: z.literal('peer'), peerId: zPeerId }),
  z.strictObject({ kind: z.literal('cidr'), cidr: zCidr }),
]);

const reach = z.enum(['server', 'networks', 'internet']);
const policy = z.enum(['allow', 'isolate', 'deny']);
const protocol = z.enum(['any', 'tcp', 'udp', 'icmp']);
const action = z.enum(['allow', 'deny']);
const priority = z.number().int().min(-1_000_000).max(1_000_000);

export const RuleView = z.object({
  id: z.number(),
  interfaceId: z.number(),
  source: z.object({
    kind: z.string(),
    peerId: z.number().optional(),
    userId: z.number().optional(),
    cidr: z.string().optional(),
  }),
  destination: z.object({
    kind: z.string(),
    peerId: z.number().optional(),
    cidr: z.string().optional(),
  }),
  protocol: z.string(),
  /** "22, 8000-8100"; empty = every port. */
  ports: z.string(),
  action: z.string(),
  priority: z.number(),
  enabled: z.boolean(),
  /** From the rule's counter in the firewall; 0 while its server is down or unmanaged. */
  packets: z.number(),
  bytes: z.number(),
  createdAt: zTime,
  updatedAt: zTime,
});
export type RuleView = z.infer<typeof RuleView>;

export const NetworkView = z.object({
  interfaceId: z.number(),
  /** False: wgdesk installs nothing for this server (no forwarding, NAT or rules). */
  managed: z.boolean(),
  reach: z.string(),
  /** Set by the admin; null = the device of the default route. */
  uplink: z.string().nullable(),
  /** The device masquerading goes out of now (null while the server is down, or none found). */
  uplinkInUse: z.string().nullable(),
  masqueradeIpv4: z.boolean(),
  masqueradeIpv6: z.boolean(),
  policy: z.string(),
  /** Site networks that another device already routes: wgdesk left those routes alone. */
  routeConflicts: z.array(z.object({ network: z.string(), device: z.string() })),
  rules: z.array(RuleView),
});
export type NetworkView = z.infer<typeof NetworkView>;

const zEndpointOf = z.union([
  z.strictObject({ peerId: zPeerId }),
  z.strictObject({ address: zIpAddress }),
]);

export const networkMethods = {
  'network.get': method({
    summary:
      "A server's network settings, its access rules in order with their counters, and route conflicts.",
    params: z.strictObject({ interfaceId: zInterfaceId }),
    result: NetworkView,
    mutates: false,
  }),
  'network.configure': method({
    summary:
      "Set what a server's clients may reach (server, networks, internet), its uplink and NAT, and its default policy (allow, isolate, deny); managed false removes everything wgdesk installed for it.",
    params: z.strictObject({
      interfaceId: zInterfaceId,
      managed: z.boolean().optional(),
      reach: reach.optional(),
      uplink: zInterfaceName.nullable().optional(),
      masqueradeIpv4: z.boolean().optional(),
      masqueradeIpv6: z.boolean().optional(),
      policy: policy.optional(),
    }),
    result: NetworkView,
    mutates: true,
  }),
  'network.rules.create': method({
    summary: 'Add an access rule (lower priority is first); a new deny ends the flows it cuts.',
    params: z.strictObject({
      interfaceId: zInterfaceId,
      source: zRuleSource,
      destination: zRuleDestination,
      protocol: protocol.default('any'),
      ports: zPorts.default([]),
      action,
      priority: priority.optional(),
      enabled: z.boolean().default(true),
    }),
    result: RuleView,
    mutates: true,
  }),
  'network.rules.update': method({
    summary: 'Change an access rule; only the fields sent change.',
    params: z.strictObject({
      id: z.number().int().positive(),
      source: zRuleSource.optional(),
      destination: zRuleDestination.optional(),
      protocol: protocol.optional(),
      ports: zPorts.optional(),
      action: action.optional(),
      priority: priority.optional(),
      enabled: z.boolean().optional(),
    }),
    result: RuleView,
    mutates: true,
  }),
  'network.rules.delete': method({
    summary: 'Remove an access rule.',
    params: z.strictObject({ id: z.number().int().positive() }),
    result: z.object({ deleted: z.boolean() }),
    mutates: true,
  }),
  'network.explain': method({
    summary:
      'Can this peer (or address) reach that one, or the server, on this protocol and port? Names the rule, policy or reach that decides; sends no traffic.',
    params: z.strictObject({
      interfaceId: zInterfaceId,
      from: zEndpointOf,
      to: z.union([zEndpointOf, z.strictObject({ server: z.literal(true) })]),
      protocol: z.enum(['tcp', 'udp', 'icmp']),
      port: z.number().int().min(1).max(65_535).nullable().default(null),
    }),
    result: z.object({
      allowed: z.boolean(),
      ruleId: z.number().nullable(),
      decidedBy: z.enum(['rule', 'policy', 'reach', 'server']),
      reason: zExplainReason,
    }),
    mutates: false,
  }),
};
