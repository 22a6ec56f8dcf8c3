/**
 * The messages every transport carries, whatever frames them: a WebSocket
 * (`wgdesk serve`, the browser UI of the service) sends one per frame, the
 * service's Unix socket one per line. Only how a client gets in differs: a
 * browser offers its token as a WebSocket subprotocol and is let in or refused
 * at the upgrade, before it may send a byte of a message; a local client says
 * which contract it speaks in a hello (the kernel already decided it may connect).
 *
 *   → {"type":"hello", …}                          local socket: first, once
 *   → {"type":"call","id":N,"method":M,"params":P}
 *   ← {"type":"welcome","contract":N,"service":V}  (local socket) or nothing (WebSocket)
 *   ← {"type":"result","id":N,"result":{ok,value|error}}
 *   ← {"type":"event","name":E,"payload":P}
 *   ← {"type":"refused","error":{kind,message}}     then the connection closes
 */
import { z } from 'zod';
import { ERROR_KINDS, type WireError } from './errors';
import { ProblemSchema } from './problems';
import type { Result } from './result';

/**
 * Which contract a client and a service speak. Raised whenever a method or
 * event changes shape; a client of another version is refused in words
 * ("upgrade one side") and never half-works.
 */
export const CONTRACT_VERSION = 4;

/** The subprotocol a browser's WebSocket speaks; the server selects it. */
export const BROWSER_PROTOCOL = 'wgdesk';

/** Marks the subprotocol that carries the token. */
export const TOKEN_PROTOCOL_PREFIX = 'token.';

/** What a token may look like: base64url, so it is a valid subprotocol name as it is. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The subprotocols a browser offers (`new WebSocket(url, offered)`): the token
 * rides in the upgrade request, so the server decides before the socket opens
 * how much it will ever read from it. A token that could not be a
 * subprotocol (pasted wrong) is not offered at all: the server then refuses
 * the socket like any wrong token, and the page says so.
 */
export function browserProtocols(token: string): string[] {
  return TOKEN_SHAPE.test(token)
    ? [BROWSER_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]
    : [BROWSER_PROTOCOL];
}

/** Local client → Unix socket, first and once. `user` is the client's own word, kept for the audit log. */
export const LocalHello = z.strictObject({
  type: z.literal('hello'),
  contract: z.number().int().nonnegative(),
  client: z.string().max(64),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_.-]{0,31}$/)
    .optional(),
});
export type LocalHello = z.infer<typeof LocalHello>;

/** Client → server, after hello. `id` is the client's, echoed in the result. */
export const CallMessage = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(128),
  params: z.unknown().optional(),
  /** A box of the desktop's (shared/contract/boxes.ts): the call goes there; none: this engine. */
  box: z.number().int().positive().optional(),
});
export type CallMessage = z.infer<typeof CallMessage>;

/** Server → client. */
export type ServerMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown, WireError> }
  | {
      readonly type: 'event';
      readonly name: string;
      readonly payload: unknown;
      /** The box it comes from; absent for this engine's own events and the desktop's. */
      readonly box?: number;
    }
  | { readonly type: 'welcome'; readonly contract: number; readonly service: string }
  | { readonly type: 'refused'; readonly error: WireError };

/** What a client checks of the server's messages (values are typed per method afterwards). */
export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({
        ok: z.literal(false),
        error: z.object({
          kind: z.enum(ERROR_KINDS),
          message: z.string(),
          field: z.string().optional(),
          fields: z.record(z.string(), z.string()).optional(),
          fieldProblems: z.record(z.string(), ProblemSchema).optional(),
          problem: ProblemSchema.optional(),
        }),
      }),
    ]),
  }),
  z.object({
    type: z.literal('event'),
    name: z.string(),
    payload: z.unknown(),
    box: z.number().optional(),
  }),
  z.object({ type: z.literal('welcome'), contract: z.number(), service: z.string() }),
  z.object({
    type: z.literal('refused'),
    error: z.object({ kind: z.enum(ERROR_KINDS), message: z.string() }),
  }),
]);
