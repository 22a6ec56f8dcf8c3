import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeOf, lookupStatic } from '../serve/files';
import { contentSecurityPolicy } from '../serve/headers';
import { APP_HOST, APP_SCHEME } from './channels';

/**
 * Must run before `app` is ready. `standard` gives app://wgdesk a real origin
 * (relative URLs, its own storage), `secure` makes it a secure context, and
 * `supportFetchAPI` lets the module loader fetch the bundle. Not bypassCSP,
 * not corsEnabled, no service workers: the page needs none of them.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

// The window talks to main over IPC only: it may not open any connection.
const HEADERS = {
  'Content-Security-Policy': contentSecurityPolicy([]),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function respond(status: number, body: string | Buffer, type: string): Response {
  return new Response(body, { status, headers: { ...HEADERS, 'Content-Type': type } });
}

/** Serves the built renderer at app://wgdesk/, with the same path rules as `wgdesk serve`. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') {
      return respond(404, 'not found', 'text/plain');
    }
    const found = await lookupStatic(rendererDir, url.pathname);
    if (found.kind !== 'file') return respond(404, 'not found', 'text/plain');
    return respond(200, await readFile(found.path), contentTypeOf(found.path));
  });
}
