/**
 * The helper's operations, declared once. Each entry is one Host method: its
 * strict argument schema (schemas.ts), which argument carries each of the
 * method's parameters, whether it changes the machine, and how its result
 * crosses the wire. The helper's dispatcher, the app's HelperHost and the
 * UnprivilegedHost are all derived from this table (derive.ts), and entry.ts
 * makes it name exactly Host's methods: adding an operation is one entry here
 * and its implementation in LocalHost.
 */
import { z } from 'zod';
import {
  zInterfaceAddress,
  zInterfaceName,
  zIpAddress,
  zKey,
  zMtu,
  zCidr,
} from '../../../shared/contract/fields';
import { HOOK_PHASES } from '../hook';
import { MAX_PEERS_PER_INTERFACE } from '../setconf';
import { asIs, asNull, mapAsList, opTable } from './entry';
import { MAX_SET, zNetworkRuleset } from '../network/ruleset';
import { zRouteTableNumber } from '../network/routes';
import { zShapingPlan } from '../shaping';
import { device, MAX_ADDRESSES, named, none, peer, zHookCommand } from './schemas';

export const OPS = opTable({
  capabilities: { args: none, params: [], mutates: false, result: asIs },
  readDump: { args: none, params: [], mutates: false, result: mapAsList },
  readInterface: { args: named, params: ['name'], mutates: false, result: asIs },
  createInterface: { args: named, params: ['name'], mutates: true, result: asIs },
  configure: {
    args: z.strictObject({
      name: zInterfaceName,
      device,
      mode: z.enum(['replace', 'sync', 'add']),
    }),
    params: ['name', 'device', 'mode'],
    mutates: true,
    result: asNull,
  },
  setPeer: {
    args: z.strictObject({ name: zInterfaceName, peer }),
    params: ['name', 'peer'],
    mutates: true,
    result: asNull,
  },
  removePeers: {
    args: z.strictObject({
      name: zInterfaceName,
      publicKeys: z.array(zKey).max(MAX_PEERS_PER_INTERFACE).readonly(),
    }),
    params: ['name', 'publicKeys'],
    mutates: true,
    result: asNull,
  },
  linkState: { args: named, params: ['name'], mutates: false, result: asIs },
  setAddresses: {
    args: z.strictObject({
      name: zInterfaceName,
      addresses: z.array(zInterfaceAddress).max(MAX_ADDRESSES).readonly(),
    }),
    params: ['name', 'addresses'],
    mutates: true,
    result: asNull,
  },
  setLink: {
    args: z.strictObject({
      name: zInterfaceName,
      // exactOptional: absent, never `undefined`, as Host's `mtu?: Mtu` says (JSON has no undefined).
      state: z.strictObject({ up: z.boolean(), mtu: zMtu.exactOptional() }),
    }),
    params: ['name', 'state'],
    mutates: true,
    result: asNull,
  },
  deleteInterface: { args: named, params: ['name'], mutates: true, result: asNull },
  flushConntrack: {
    args: z.strictObject({
      name: zInterfaceName,
      addresses: z.array(zIpAddress).max(MAX_ADDRESSES).readonly(),
    }),
    params: ['name', 'addresses'],
    mutates: true,
    result: asNull,
  },
  // No arguments, by design: the policy file is the helper's own command-line setting.
  scriptsAllowed: {
    args: none,
    params: [],
    mutates: false,
    result: asIs,
    unsupported: 'this helper cannot say whether scripts may run',
  },
  runHook: {
    args: z.strictObject({
      name: zInterfaceName,
      phase: z.enum(HOOK_PHASES),
      command: zHookCommand,
    }),
    params: ['name', 'phase', 'command'],
    // A hook usually changes the machine (firewall rules, routes): it queues with the other changes.
    mutates: true,
    result: asNull,
    unsupported: 'this helper cannot run hooks',
  },
  // No arguments, by design: the directory is the helper's own command-line setting.
  readSystemConfigs: {
    args: none,
    params: [],
    mutates: false,
    result: asIs,
    unsupported: 'this helper cannot read wg-quick files',
  },
  // issue 15, point 9: a running interface's keys, to adopt it (host/secrets.ts).
  readSecrets: {
    args: named,
    params: ['name'],
    mutates: false,
    result: asIs,
    unsupported: 'this helper cannot read a running interface’s keys',
  },
  // Network (host/network/): a structured ruleset, never nft text; root renders it.
  applyNetwork: {
    args: z.strictObject({ ruleset: zNetworkRuleset }),
    params: ['ruleset'],
    mutates: true,
    result: asIs,
    unsupported: 'this helper cannot apply firewall rules',
  },
  readNetworkCounters: {
    args: none,
    params: [],
    mutates: false,
    result: asIs,
    unsupported: 'this helper cannot read firewall counters',
  },
  syncRoutes: {
    args: z.strictObject({
      name: zInterfaceName,
      networks: z.array(zCidr).max(MAX_SET).readonly(),
      table: zRouteTableNumber,
    }),
    params: ['name', 'networks', 'table'],
    mutates: true,
    result: asIs,
    unsupported: 'this helper cannot add routes',
  },
  // Speed limits (host/shaping.ts): structured limits, never tc text; root renders it.
  applyShaping: {
    args: z.strictObject({ name: zInterfaceName, peers: zShapingPlan }),
    params: ['name', 'peers'],
    mutates: true,
    result: asNull,
    unsupported: 'this helper cannot apply speed limits',
  },
});

type Ops = typeof OPS;
export type OpName = keyof Ops;
/** What a request's arguments may be, as sent (branded values are strings and numbers, so they fit). */
export type OpArgsIn<K extends OpName> = z.input<Ops[K]['args']>;

export const OP_NAMES = Object.keys(OPS) as readonly OpName[];

export function isOpName(name: string): name is OpName {
  // hasOwn, not `in`: "constructor" or "__proto__" must not find anything.
  return Object.hasOwn(OPS, name);
}

/** Each operation's argument schema (the table's `args` column). */
export const OP_ARGS = Object.fromEntries(OP_NAMES.map((op) => [op, OPS[op].args])) as {
  readonly [K in OpName]: Ops[K]['args'];
};

/** Operations that change the machine: the helper runs these one at a time. */
export const MUTATES = Object.fromEntries(OP_NAMES.map((op) => [op, OPS[op].mutates])) as Readonly<
  Record<OpName, boolean>
>;
