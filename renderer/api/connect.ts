import { apiUrlFor, tokenFromHash } from '../lib/link';
import { ipcTransport } from './ipc';
import type { Transport } from './transport';
import { wsTransport } from './ws';

const TOKEN_KEY = 'wgdesk.token';

/**
 * The token is read from `#token=…` once, kept for this tab only
 * (sessionStorage, so a reload still works) and removed from the address bar so
 * it does not end up in a screenshot or a shared link.
 */
function takeToken(): string {
  const fromHash = tokenFromHash(location.hash);
  if (fromHash !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * A new address pasted into this tab (after `wgdesk serve --new-token` revoked
 * the old token) changes only the fragment, which does not load the page again: start
 * over with the new token instead of staying refused with the old one.
 */
function restartOnNewToken(): void {
  window.addEventListener('hashchange', (e) => {
    // From the event, not location: the router may already have rewritten the
    // fragment to a page's route. Kept before the reload for the same reason.
    const token = tokenFromHash(new URL(e.newURL).hash);
    if (token === null) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    location.reload();
  });
}

/** Electron's preload gives us `window.wgdesk`; a browser on `wgdesk serve` does not. */
export function pickTransport(): Transport {
  const bridge = window.wgdesk;
  if (bridge !== undefined) return ipcTransport(bridge);
  restartOnNewToken();
  return wsTransport(apiUrlFor(location.protocol, location.host), takeToken());
}
