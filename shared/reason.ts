// Why a session ended or a peer was cut off or let back in, as a code with its
// parameters: main records it, the window words it in the admin's language.
// The store keeps it as JSON text in the same TEXT columns that once held an
// English sentence (connection_log.detail, peers.disconnect_reason), so rows
// written before read back as `text` and no migration is needed.
import { z } from 'zod';

const base = [
  /** An admin cut the peer off, for `forSeconds` or until let back in (null). */
  z.object({ code: z.literal('admin_cut'), actor: z.string(), forSeconds: z.number().nullable() }),
  /** An admin let the peer back in. */
  z.object({ code: z.literal('admin_let_back'), actor: z.string() }),
  /** The user's device limit: `online` devices were online, `limit` allowed. */
  z.object({
    code: z.literal('over_limit'),
    user: z.string(),
    online: z.number(),
    limit: z.number(),
  }),
  z.object({ code: z.literal('roamed'), from: z.string() }),
  z.object({ code: z.literal('left_kernel') }),
  z.object({ code: z.literal('not_allowed') }),
  /** No handshake for `seconds`: the session's keys expired. */
  z.object({ code: z.literal('stale'), seconds: z.number() }),
  /** An OpenVPN server's management interface went away: its sessions are no longer seen. */
  z.object({ code: z.literal('management_gone') }),
  // Lifecycle (issue 12): why the one rule (access/why-out.ts) took a peer out, or let it back.
  z.object({ code: z.literal('expired'), at: z.number() }),
  z.object({ code: z.literal('revoked'), by: z.string() }),
  /** Over its quota of `bytes` per `period`; back at `until` (null: never by itself). */
  z.object({
    code: z.literal('quota'),
    bytes: z.number(),
    period: z.string(),
    until: z.number().nullable(),
    /** The quota is the user's (the sum of their peers), named so. */
    user: z.string().nullable().default(null),
  }),
  z.object({
    code: z.literal('quota_warning'),
    percent: z.number(),
    used: z.number(),
    bytes: z.number(),
    user: z.string().nullable().default(null),
  }),
  z.object({ code: z.literal('quota_period') }),
  z.object({ code: z.literal('user_disabled') }),
  z.object({ code: z.literal('user_enabled'), actor: z.string() }),
  /** Device limits that settle: a slot came free, or an admin swapped two devices. */
  z.object({ code: z.literal('slot_free') }),
  z.object({ code: z.literal('slot_given'), user: z.string(), to: z.string(), actor: z.string() }),
  z.object({ code: z.literal('slot_taken'), from: z.string(), actor: z.string() }),
  /** A row written before reasons had codes: its English sentence. */
  z.object({ code: z.literal('text'), text: z.string() }),
] as const;

export const zBaseReason = z.discriminatedUnion('code', [...base]);
export type BaseReason = z.infer<typeof zBaseReason>;

export const zReason = z.discriminatedUnion('code', [
  ...base,
  /** A timed cut or a limit's cool-down ran out; `after` is why the peer was out. */
  z.object({ code: z.literal('time_up'), after: zBaseReason.nullable() }),
]);
export type Reason = z.infer<typeof zReason>;

/** The text a TEXT column keeps. */
export function encodeReason(r: Reason): string {
  return JSON.stringify(r);
}

/** What a TEXT column holds, as a reason: old English sentences come back as `text`. */
export function decodeReason(stored: string | null): Reason | null {
  if (stored === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return { code: 'text', text: stored };
  }
  const r = zReason.safeParse(value);
  return r.success ? r.data : { code: 'text', text: stored };
}
