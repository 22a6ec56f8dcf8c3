// What is WebSocket-specific about `wgdesk serve`; the messages themselves are
// shared/wire.ts's, the same on every transport.
import { BROWSER_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/wire';

/** The only path that upgrades to a WebSocket. */
export const WS_PATH = '/api';

/**
 * Close codes the server uses. 44xx are refusals: the page stops retrying and
 * says why (its token was rotated, or it was never the right one).
 */
export const CLOSE = {
  badToken: 4401,
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

/**
 * The largest frame a refused socket may announce before it is cut off. It is
 * only ever sent a close frame; a browser answers with a close frame of a few
 * bytes.
 */
export const MAX_REFUSED_MESSAGE_BYTES = 1024;

/** What the upgrade request offered (`Sec-WebSocket-Protocol`, comma-separated). */
export interface Offer {
  /** The client speaks our subprotocol, so the server can select it. */
  readonly speaksWgdesk: boolean;
  /** The one token offered; undefined when none or several were. */
  readonly token: string | undefined;
}

export function parseOffer(header: string | undefined): Offer {
  const offered = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const tokens = offered
    .filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
    .map((p) => p.slice(TOKEN_PROTOCOL_PREFIX.length));
  return {
    speaksWgdesk: offered.includes(BROWSER_PROTOCOL),
    token: tokens.length === 1 ? tokens[0] : undefined,
  };
}
