// IPC channel names, derived from the contract: nobody types a channel by hand.
// Imported by both the main process and the preload, so the two cannot disagree.
import type { MethodName } from '../../shared/contract';
import type { BoxMethodName } from '../../shared/contract/boxes';

/** One invoke channel per contract method (and per desktop `boxes.*` method): `wgdesk:peers.create`. */
export function channelOf(method: MethodName | BoxMethodName): string {
  return `wgdesk:${method}`;
}

/** The one channel main pushes events on. A different prefix, so no method can collide with it. */
export const EVENT_CHANNEL = 'wgdesk-event';

/** The custom scheme the window is loaded from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wgdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The passphrase dialog's one message back to main (contract-free: it runs before the store opens). */
export const PASSPHRASE_CHANNEL = 'wgdesk-passphrase';
