/**
 * The helper's operations: exactly the methods of `Host`, each with a strict
 * argument schema. Every value is validated again here with the shared
 * validators (through the contract's zod fields), whatever the parent checked:
 * the helper trusts nothing that arrives on its stdin. Unknown keys are refused
 * rather than ignored, so a typo or an injected field never passes silently.
 */
import { z } from 'zod';
import {
  zCidr,
  zEndpoint,
  zFwMark,
  zInterfaceAddress,
  zInterfaceName,
  zIpAddress,
  zKeepalive,
  zKey,
  zMtu,
  zPort,
} from '../../shared/contract/fields';
import { HOOK_PHASES } from '../host/hook';
import type { Host, HostCapabilities, Implementation, LinkState, SystemConfig } from '../host/host';
import { parseHookCommand, type HookCommand, type ObservedInterface } from '../wireguard';
import { MAX_PEERS_PER_INTERFACE } from '../host/setconf';
import type { WireDump } from './protocol';

/** wg accepts more, but no real peer routes anywhere near this many networks. */
const MAX_ALLOWED_IPS = 1024;
const MAX_ADDRESSES = 256;

const peer = z.strictObject({
  publicKey: zKey,
  presharedKey: zKey.nullable(),
  allowedIps: z.array(zCidr).max(MAX_ALLOWED_IPS).readonly(),
  endpoint: zEndpoint.nullable(),
  persistentKeepalive: zKeepalive,
});

const device = z.strictObject({
  privateKey: zKey,
  listenPort: zPort.nullable(),
  fwMark: zFwMark.nullable(),
  peers: z.array(peer).max(MAX_PEERS_PER_INTERFACE).readonly(),
});

/** The same check as every other entry point: one line, no NUL, no "#", at most 4096 characters. */
const zHookCommand = z.string().transform((value, ctx): HookCommand => {
  const r = parseHookCommand(value, 'command');
  if (r.ok) return r.value;
  ctx.issues.push({
    code: 'custom',
    message: r.error.message.replace('command: ', ''),
    input: value,
  });
  return z.NEVER;
});

const none = z.strictObject({});
const named = z.strictObject({ name: zInterfaceName });

export const OP_ARGS = {
  capabilities: none,
  readDump: none,
  readInterface: named,
  createInterface: named,
  configure: z.strictObject({
    name: zInterfaceName,
    device,
    mode: z.enum(['replace', 'sync', 'add']),
  }),
  setPeer: z.strictObject({ name: zInterfaceName, peer }),
  removePeers: z.strictObject({
    name: zInterfaceName,
    publicKeys: z.array(zKey).max(MAX_PEERS_PER_INTERFACE).readonly(),
  }),
  linkState: named,
  setAddresses: z.strictObject({
    name: zInterfaceName,
    addresses: z.array(zInterfaceAddress).max(MAX_ADDRESSES).readonly(),
  }),
  setLink: z.strictObject({
    name: zInterfaceName,
    state: z.strictObject({ up: z.boolean(), mtu: zMtu.optional() }),
  }),
  deleteInterface: named,
  flushConntrack: z.strictObject({
    addresses: z.array(zIpAddress).max(MAX_ADDRESSES).readonly(),
  }),
  runHook: z.strictObject({
    name: zInterfaceName,
    phase: z.enum(HOOK_PHASES),
    command: zHookCommand,
  }),
  // No arguments, by design: the directory is the helper's own command-line setting.
  readSystemConfigs: none,
} satisfies Record<keyof Host, z.ZodType>;

export type OpName = keyof typeof OP_ARGS;
/** What the client sends (branded values are strings and numbers, so they fit). */
export type OpArgsIn<K extends OpName> = z.input<(typeof OP_ARGS)[K]>;
/** What a handler receives: validated and branded. */
export type OpArgs<K extends OpName> = z.output<(typeof OP_ARGS)[K]>;

/** What each operation answers on the wire: the Host's result, a Map as a list, void as null. */
export interface OpResults {
  readonly capabilities: HostCapabilities;
  readonly readDump: WireDump;
  readonly readInterface: ObservedInterface;
  readonly createInterface: Implementation;
  readonly configure: null;
  readonly setPeer: null;
  readonly removePeers: null;
  readonly linkState: LinkState;
  readonly setAddresses: null;
  readonly setLink: null;
  readonly deleteInterface: null;
  readonly flushConntrack: null;
  readonly runHook: null;
  readonly readSystemConfigs: readonly SystemConfig[];
}
export type OpResult<K extends OpName> = OpResults[K];

/** Operations that change the machine: the helper runs these one at a time. */
export const MUTATES: Readonly<Record<OpName, boolean>> = {
  capabilities: false,
  readDump: false,
  readInterface: false,
  createInterface: true,
  configure: true,
  setPeer: true,
  removePeers: true,
  linkState: false,
  setAddresses: true,
  setLink: true,
  deleteInterface: true,
  flushConntrack: true,
  // A hook usually changes the machine (firewall rules, routes): it queues with the other changes.
  runHook: true,
  readSystemConfigs: false,
};

export function isOpName(name: string): name is OpName {
  // hasOwn, not `in`: "constructor" or "__proto__" must not find anything.
  return Object.hasOwn(OP_ARGS, name);
}
