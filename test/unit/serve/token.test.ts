import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadToken } from '../../../main/serve/token';

describe('the stored browser token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-token-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'serve.token');

  test('made once, 0600, and the same at the next load', () => {
    const first = loadToken(dir, 'serve.token');
    assert.match(first, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(readFileSync(path, 'utf8'), `${first}\n`);
    assert.equal(loadToken(dir, 'serve.token'), first);
  });

  test('rotate replaces it, and the new one is what stays', () => {
    const old = loadToken(dir, 'serve.token');
    const rotated = loadToken(dir, 'serve.token', true);
    assert.notEqual(rotated, old);
    assert.equal(loadToken(dir, 'serve.token'), rotated);
  });

  test('a token others could read is not trusted: replaced, and the file is 0600 again', () => {
    const old = loadToken(dir, 'serve.token');
    chmodSync(path, 0o644);
    const fresh = loadToken(dir, 'serve.token');
    assert.notEqual(fresh, old);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  test('a file that holds no token (edited, truncated) gets a new one', () => {
    for (const junk of ['', 'short\n', `${'A'.repeat(43)}!\n`]) {
      writeFileSync(path, junk, { mode: 0o600 });
      const t = loadToken(dir, 'serve.token');
      assert.match(t, /^[A-Za-z0-9_-]{43}$/, JSON.stringify(junk));
      assert.equal(readFileSync(path, 'utf8'), `${t}\n`);
    }
  });
});
