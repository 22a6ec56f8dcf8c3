import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, lookupStatic } from '../../main/serve/files';
import { securityHeaders } from '../../main/serve/headers';

/** The built renderer (npm run build:renderer). */
export const RENDERER_DIST = fileURLToPath(new URL('../../renderer/dist', import.meta.url));

/**
 * Serves the built renderer the way `wgdesk serve` does (same file lookup,
 * same CSP and headers), without main behind it: for tests that pair the page
 * with the fake main. A CSP violation in the page shows up as a console error.
 */
export async function serveRenderer(
  root = RENDERER_DIST,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const host = req.headers.host;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    void lookupStatic(root, path).then((found) => {
      const headers = securityHeaders(host);
      if (found.kind !== 'file') {
        res.writeHead(found.kind === 'bad' ? 400 : 404, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': contentTypeOf(found.path) });
      createReadStream(found.path).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
