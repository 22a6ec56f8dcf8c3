import type { Scheme } from './guard';

/**
 * The Content-Security-Policy for the UI, wherever it is served from. Nothing
 * inline: scripts and styles come from the app's own files (React sets styles
 * through the CSSOM, which CSP does not govern), images may be data: URLs (QR
 * codes). `connect` lists where the page may open connections: the WebSocket
 * for `wgdesk serve`, nothing for the Electron window (it uses IPC).
 */
export function contentSecurityPolicy(connect: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "manifest-src 'self'",
    `connect-src ${connect.length === 0 ? "'none'" : connect.join(' ')}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Sent with every response of `wgdesk serve`, errors included. */
export function securityHeaders(host: string | undefined, scheme: Scheme): Record<string, string> {
  // `host` is the already-checked Host header; without one no page is served anyway.
  const ws = scheme === 'https' ? 'wss' : 'ws';
  const connect = host === undefined ? ["'self'"] : ["'self'", `${ws}://${host}`];
  return {
    'Content-Security-Policy': contentSecurityPolicy(connect),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
