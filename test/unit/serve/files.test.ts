import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { contentTypeOf, lookupStatic } from '../../../main/serve/files';

describe('static file lookup', () => {
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-files-'));
  after(() => rmSync(base, { recursive: true, force: true }));
  const root = join(base, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), '');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js'));

  const kind = async (p: string): Promise<string> => {
    const r = await lookupStatic(root, p);
    return r.kind === 'file' ? `file:${r.path.slice(root.length)}` : r.kind;
  };

  test('serves files inside the root, index.html for / and for the UI routes', async () => {
    assert.equal(await kind('/'), 'file:/index.html');
    assert.equal(await kind('/assets/app.js'), 'file:/assets/app.js');
    assert.equal(await kind('/alias.js'), 'file:/assets/app.js', 'a symlink inside the root');
    assert.equal(await kind('/peers/12'), 'file:/index.html');
    assert.equal(await kind('/assets/missing.js'), 'missing');
    assert.equal(await kind('/assets'), 'file:/index.html', 'a directory is not a file');
  });

  test('refuses every way out of the root', async () => {
    for (const p of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      'relative',
    ]) {
      assert.equal(await kind(p), 'bad', p);
    }
    assert.equal(await kind('/leak.txt'), 'missing', 'a symlink pointing outside');
  });

  test('content types', () => {
    assert.equal(contentTypeOf('/a/index.html'), 'text/html; charset=utf-8');
    assert.equal(contentTypeOf('x.JS'), 'text/javascript; charset=utf-8');
    assert.equal(contentTypeOf('x.exe'), 'application/octet-stream');
  });
});
