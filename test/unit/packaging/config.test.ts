import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { expand, fpmExtras, loadConfig } from '../../../scripts/packaging/config';
import { execStart } from '../../../scripts/packaging/unit';

describe('fpmExtras', () => {
  test('reads SOURCE=DESTINATION files and the scripts of fpm options', () => {
    assert.deepEqual(
      fpmExtras(['a.service=/usr/lib/systemd/system/a.service', '--before-remove', 'x.sh']),
      {
        files: [{ source: 'a.service', destination: '/usr/lib/systemd/system/a.service' }],
        scripts: ['x.sh'],
      },
    );
  });

  test('refuses what it does not understand rather than skipping it', () => {
    assert.throws(() => fpmExtras(['--deb-systemd', 'a.service']), /does not know this option/);
    assert.throws(() => fpmExtras(['--before-remove']), /names no script/);
    assert.throws(() => fpmExtras(['a=b=c']), /SOURCE=DESTINATION/);
  });
});

test('expand refuses a glob it would read wrongly', () => {
  assert.throws(
    () => expand('node_modules/*.node', '/nonexistent'),
    /only DIR\/\*\* and plain paths/,
  );
  assert.throws(() => expand('dist/{a,b}/**', '/nonexistent'), /only DIR\/\*\* and plain paths/);
});

test("the repository's configuration loads, and a wrong one is refused with the key", async () => {
  assert.equal((await loadConfig()).linux.executableName, 'wgdesk');
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-config-'));
  try {
    const file = join(dir, 'electron-builder.cjs');
    writeFileSync(file, 'module.exports = { productName: "wgdesk", asarUnpack: "dist/**" };\n');
    await assert.rejects(loadConfig(file), /asarUnpack/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('execStart reads the unit as argv, and refuses a line that needs systemd to parse it', () => {
  assert.deepEqual(execStart().slice(0, 3), [
    '/usr/bin/env',
    'ELECTRON_RUN_AS_NODE=1',
    '/opt/wgdesk/wgdesk',
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-unit-'));
  try {
    const file = join(dir, 'x.service');
    writeFileSync(file, '[Service]\nExecStart=/usr/bin/env "A=1 2" /bin/true\n');
    assert.throws(() => execStart(file), /no longer a plain command line/);
    writeFileSync(file, '[Service]\nExecStart=/bin/true\nExecStart=/bin/false\n');
    assert.throws(() => execStart(file), /exactly one ExecStart=/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
