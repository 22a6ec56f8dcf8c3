import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

// Used by both transports that serve the UI: `wgdesk serve` and the Electron app:// protocol.

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** bad: a path no file of ours can have (400); missing: nothing there (404). */
export type StaticLookup =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'bad' }
  | { readonly kind: 'missing' };

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Maps a URL path (still percent-encoded) to a regular file inside `root`.
 * `..` segments, encoded separators that decode to one, backslashes and NUL
 * are refused outright; symlinks are followed only when their target is
 * inside the root as well. Extension-less paths that match no file get
 * index.html, so the UI's own routes survive a reload.
 */
export async function lookupStatic(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad' };
  }
  if (!decoded.startsWith('/') || /[\0\\]/.test(decoded)) return { kind: 'bad' };
  if (decoded.split('/').includes('..')) return { kind: 'bad' };
  const rel = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const found = await regularFileInside(root, resolve(root, `.${rel}`));
  if (found.kind === 'missing' && extname(rel) === '') {
    return regularFileInside(root, resolve(root, 'index.html'));
  }
  return found;
}

async function regularFileInside(root: string, candidate: string): Promise<StaticLookup> {
  if (!inside(root, candidate)) return { kind: 'bad' };
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!inside(realRoot, real)) return { kind: 'missing' };
    return (await stat(real)).isFile() ? { kind: 'file', path: real } : { kind: 'missing' };
  } catch {
    // ENOENT, ENOTDIR, EACCES: for a client, all the same: nothing here.
    return { kind: 'missing' };
  }
}
