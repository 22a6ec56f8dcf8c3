import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { missingCase } from '../../shared/errors';
import { contentTypeOf, lookupStatic } from './files';

// No inline script or style: the CSP applies to this page too.
const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>wgdesk</title></head>
<body>
<h1>wgdesk</h1>
<p>The user interface is not built yet. Build it (<code>npm run build</code>) and restart
<code>wgdesk serve</code>.</p>
<p>The API is already served over a WebSocket at <code>/api</code>; from a shell,
<code>wgdesk api --list</code> shows every method.</p>
</body>
</html>
`;

/** Answers a GET/HEAD for the UI's files; the security headers are already set. */
export async function serveStatic(
  root: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!existsSync(root)) {
    if (urlPath === '/' || urlPath === '/index.html') {
      return send(res, req, 200, 'text/html; charset=utf-8', Buffer.from(NOT_BUILT));
    }
    return send(res, req, 404, 'text/plain; charset=utf-8', Buffer.from('not found\n'));
  }
  const found = await lookupStatic(root, urlPath);
  switch (found.kind) {
    case 'file':
      return send(res, req, 200, contentTypeOf(found.path), await readFile(found.path));
    case 'bad':
      return send(res, req, 400, 'text/plain; charset=utf-8', Buffer.from('bad path\n'));
    case 'missing':
      return send(res, req, 404, 'text/plain; charset=utf-8', Buffer.from('not found\n'));
    default:
      return missingCase(found);
  }
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  type: string,
  body: Buffer,
): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}
