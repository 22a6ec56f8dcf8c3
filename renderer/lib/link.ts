// Pure helpers for the WebSocket link: where to connect, which token, how long
// to wait before the next attempt. No DOM here, so the unit tests run in Node.

import type { LinkState } from '../api/transport';

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

/** What the link banner says: the state, and for a lost link what the admin can check. */
export interface LinkMessage {
  readonly key: 'link.connecting' | 'link.retrying' | 'link.waiting' | 'link.refused';
  readonly params: Readonly<Record<string, string | number>>;
  /** Advice once the link was lost (a first connection just says it is connecting). */
  readonly fix: 'link.lostFix' | null;
  readonly tone: 'warn' | 'error';
}

export function linkMessage(link: LinkState): LinkMessage | null {
  switch (link.kind) {
    case 'open':
      return null;
    case 'connecting':
      return link.attempt <= 1
        ? { key: 'link.connecting', params: {}, fix: null, tone: 'warn' }
        : { key: 'link.retrying', params: {}, fix: 'link.lostFix', tone: 'warn' };
    case 'waiting':
      return {
        key: 'link.waiting',
        params: { s: Math.ceil(link.retryInMs / 1000) },
        fix: 'link.lostFix',
        tone: 'warn',
      };
    case 'refused':
      return { key: 'link.refused', params: { reason: link.reason }, fix: null, tone: 'error' };
  }
}
