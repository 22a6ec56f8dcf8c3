/**
 * The argument shapes the helper's operations are built from (ops.ts). Every
 * value is validated again in the helper with the shared validators (through
 * the contract's zod fields), whatever the parent checked: the helper trusts
 * nothing that arrives on its stdin. Unknown keys are refused rather than
 * ignored, so a typo or an injected field never passes silently.
 */
import { z } from 'zod';
import {
  zCidr,
  zEndpoint,
  zFwMark,
  zInterfaceName,
  zKeepalive,
  zKey,
  zPort,
} from '../../../shared/contract/fields';
import { parseHookCommand, type HookCommand } from '../../wireguard';
import { MAX_PEERS_PER_INTERFACE } from '../setconf';

/** wg accepts more, but no real peer routes anywhere near this many networks. */
export const MAX_ALLOWED_IPS = 1024;
export const MAX_ADDRESSES = 256;

export const peer = z.strictObject({
  publicKey: zKey,
  presharedKey: zKey.nullable(),
  allowedIps: z.array(zCidr).max(MAX_ALLOWED_IPS).readonly(),
  endpoint: zEndpoint.nullable(),
  persistentKeepalive: zKeepalive,
});

export const device = z.strictObject({
  privateKey: zKey,
  listenPort: zPort.nullable(),
  fwMark: zFwMark.nullable(),
  peers: z.array(peer).max(MAX_PEERS_PER_INTERFACE).readonly(),
});

/** The same check as every other entry point: one line, no NUL, no "#", at most 4096 characters. */
export const zHookCommand = z.string().transform((value, ctx): HookCommand => {
  const r = parseHookCommand(value, 'command');
  if (r.ok) return r.value;
  ctx.issues.push({
    code: 'custom',
    message: r.error.message.replace('command: ', ''),
    input: value,
  });
  return z.NEVER;
});

export const none = z.strictObject({});
export const named = z.strictObject({ name: zInterfaceName });
