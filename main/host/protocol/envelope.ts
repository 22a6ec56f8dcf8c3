/**
 * The helper protocol: line-delimited JSON over the helper's stdin/stdout.
 *
 *   helper → parent, once:  {"wgdesk-helper": 1, "pid": 1234}
 *   parent → helper:        {"v": 1, "id": 7, "op": "setPeer", "args": {…}}
 *   helper → parent:        {"v": 1, "id": 7, "ok": true, "value": …, "spawns": 12}
 *                           {"v": 1, "id": 7, "ok": false, "error": {kind, message, field?}, "spawns": 12}
 *
 * Every line gets an answer. A refused request is answered with its id when
 * that much could be read, else (not JSON, no usable id, a line over
 * MAX_REQUEST_CHARS) with `"id": null`. `spawns` is diagnostic: how many
 * processes the helper has started so far, so a test can prove that refused
 * requests ran nothing. Answers can arrive out of order (reads are not queued
 * behind changes); ids match them up. The operations, their arguments and how
 * each result is carried are the table in ops.ts.
 */
import { z } from 'zod';
import { ERROR_KINDS, type WireError } from '../../../shared/errors';

export const PROTOCOL_VERSION = 1;

/**
 * The longest request line the helper reads, in characters. Sized by the
 * largest legitimate request: a `configure` of wireguard-go's 65,536-peer
 * ceiling with a PSK, an endpoint and two networks each is ~15 MB of JSON.
 * A longer line is discarded as it streams in, never buffered whole.
 */
export const MAX_REQUEST_CHARS = 32 * 1024 * 1024;

/** The client's cap on a response line: a whole-machine dump at the peer ceiling fits. */
export const MAX_RESPONSE_CHARS = 256 * 1024 * 1024;

export interface Hello {
  readonly 'wgdesk-helper': typeof PROTOCOL_VERSION;
  readonly pid: number;
}

export type Response =
  | {
      readonly v: 1;
      readonly id: number | null;
      readonly ok: true;
      readonly value: unknown;
      readonly spawns: number;
    }
  | {
      readonly v: 1;
      readonly id: number | null;
      readonly ok: false;
      readonly error: WireError;
      readonly spawns: number;
    };

/**
 * The envelope of a request; `args` is checked per operation afterwards.
 * `id` is any non-negative safe integer the parent chooses.
 */
export const RequestEnvelope = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  op: z.string().max(64),
  args: z.unknown().optional(),
});

/** How the client checks what the helper says (its values are typed per operation). */
export const ResponseEnvelope = z.discriminatedUnion('ok', [
  z.object({
    v: z.literal(1),
    id: z.number().nullable(),
    ok: z.literal(true),
    value: z.unknown(),
    spawns: z.number(),
  }),
  z.object({
    v: z.literal(1),
    id: z.number().nullable(),
    ok: z.literal(false),
    error: z.object({
      kind: z.enum(ERROR_KINDS),
      message: z.string(),
      field: z.string().optional(),
    }),
    spawns: z.number(),
  }),
]);

export const HelloMessage = z.object({ 'wgdesk-helper': z.number(), pid: z.number() });
