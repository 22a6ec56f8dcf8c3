import { z } from 'zod';
import type { AppError } from '../errors';
import type { InterfaceId, PeerId, UserId } from '../ids';
import type { Result } from '../result';
import {
  parseCidr,
  parseCidrList,
  parseConfText,
  parseDnsList,
  parseEndpoint,
  parseFwMark,
  parseIpAddress,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parseKey,
  parseMtu,
  parsePort,
  parseRouteTable,
  parseSpeedKbps,
} from '../validate';

/**
 * Zod fields backed by the shared validators, so the contract and every other
 * entry point share one definition of "valid". The input side stays a plain
 * string/number (that is what the JSON schema of `wgdesk api --list` shows);
 * the output side is the branded type.
 */
function field<I extends z.ZodType, T>(input: I, parse: (v: unknown, f: string) => Result<T>) {
  return input.transform((value, ctx): T => {
    // Zod does not tell a transform its path; the issue gets it, and
    // paramsError() puts the field name back in front of the problem.
    const r = parse(value, FIELD);
    if (r.ok) return r.value;
    refuse(ctx, r.error, FIELD, value);
    return z.NEVER;
  });
}

/**
 * A validator's refusal as the field's zod issue: its English text without the
 * field name, and its code in the issue's `params` (parseParams hands it on,
 * so the window words it under its field).
 */
export function refuse(
  ctx: z.core.$RefinementCtx,
  e: AppError,
  field: string,
  input: unknown,
): void {
  ctx.issues.push({
    code: 'custom',
    message: e.message.replace(`${field}: `, ''),
    input,
    ...(e.problem === undefined ? {} : { params: { problem: e.problem } }),
  });
}

const FIELD = 'value';

const text = z.string();
const num = z.union([z.number(), z.string()]);

export const zInterfaceName = field(text, parseInterfaceName);
export const zKey = field(text, parseKey);
export const zCidr = field(text, parseCidr);
export const zCidrList = field(z.union([text, z.array(text)]), parseCidrList);
export const zInterfaceAddress = field(text, parseInterfaceAddress);
export const zIpAddress = field(text, parseIpAddress);
export const zFwMark = field(num, parseFwMark);
export const zEndpoint = field(text, parseEndpoint);
export const zPort = field(num, parsePort);
export const zKeepalive = field(num, parseKeepalive);
export const zMtu = field(num, parseMtu);
/** wg-quick's Table: "off", "auto", a number or a name. */
export const zRouteTable = field(num, parseRouteTable);
/** A speed limit in kbit/s, 1 to 10,000,000 (10 Gbit/s). */
export const zSpeedKbps = field(num, parseSpeedKbps);
export const zDnsList = field(z.union([text, z.array(text)]), parseDnsList);
export const zConfText = field(text, parseConfText);
export const zEmail = z.email().max(254);

/** A row id that names no branded table (a log entry's, for paging). */
export const zId = z.number().int().positive();

/**
 * A row id, branded with its table on the way in so handlers pass it on as is.
 * The wire still carries a plain number; whether the row exists is the
 * services' question (NotFound), not the contract's.
 */
const rowId = <T extends number>() => zId.transform((n) => n as T);

export const zInterfaceId = rowId<InterfaceId>();
export const zPeerId = rowId<PeerId>();
export const zUserId = rowId<UserId>();
/** The peers one bulk action (delete, disconnect, reconnect) applies to. */
export const zPeerIds = z.array(zPeerId).min(1).max(65_536);
/** Unix milliseconds. */
export const zTime = z.number().int().nonnegative();
