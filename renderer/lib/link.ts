// Pure helpers for the WebSocket link: where to connect, which token, how long
// to wait before the next attempt. No DOM here, so the unit tests run in Node.

/** The token travels in the URL fragment (`#token=…`): fragments are never sent to the server or logged by proxies. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token === null || token === '' ? null : token;
}

/** ws://host/api for a page on http, wss:// for https, same host and port as the page. */
export function apiUrlFor(protocol: string, host: string): string {
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api`;
}

/**
 * Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 15 s. The
 * jitter (±20 %) keeps several tabs from hammering a restarting server in step.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt - 1));
  const jitter = 1 + (random() * 0.4 - 0.2);
  return Math.round(base * jitter);
}

/** Close codes a server uses to refuse a client: reconnecting with the same token cannot help. */
export function isRefusal(code: number): boolean {
  return code === 1008 || (code >= 4000 && code < 4500);
}
