// The WebSocket wire format of `wgdesk serve`. Imports only zod and shared/, so
// it can move to shared/ unchanged when the renderer's WebSocket client needs it.
import { z } from 'zod';
import type { EventName } from '../../shared/contract';
import type { WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';

/** The only path that upgrades to a WebSocket. */
export const WS_PATH = '/api';

/**
 * Close codes the server uses. 44xx are refusals: the page stops retrying and
 * says why (its token is from an earlier launch of `wgdesk serve`).
 */
export const CLOSE = {
  badToken: 4401,
  noHello: 4408,
  malformed: 1008,
  binary: 1003,
  tooSlow: 1013,
  shutdown: 1001,
} as const;

/**
 * Largest message either way. interfaces.importConf takes up to 16 MiB of text,
 * which JSON escaping can grow; anything bigger is closed with 1009.
 */
export const MAX_MESSAGE_BYTES = 24 * 1024 * 1024;

/** Client → server, first and once: the launch token (from the page's `#token=` fragment). */
export const HelloMessage = z.strictObject({
  type: z.literal('hello'),
  token: z.string().max(256),
});

/** Client → server, after hello. `id` is the client's, echoed in the result. */
export const CallMessage = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(128),
  params: z.unknown().optional(),
});
export type CallMessage = z.infer<typeof CallMessage>;

export const ClientMessage = z.discriminatedUnion('type', [HelloMessage, CallMessage]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Server → client. */
export type ServerMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown, WireError> }
  | { readonly type: 'event'; readonly name: EventName; readonly payload: unknown };
