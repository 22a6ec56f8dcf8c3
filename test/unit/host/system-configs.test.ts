// Reading a WireGuard configuration directory: real files in a temporary
// directory (real symlinks, a real FIFO), no fakes. The helper process that
// does this as root is driven in test/integration/import-system.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { Runner } from '../../../main/host/exec';
import { LocalHost } from '../../../main/host/local';
import {
  MAX_CONF_FILE_BYTES,
  MAX_CONF_FILES,
  MAX_CONF_TOTAL_BYTES,
  parseConfDir,
  readConfDir,
  type ConfDir,
} from '../../../main/host/system-configs';
import { UnprivilegedHost } from '../../../main/host/unprivileged';

const root = mkdtempSync(join(tmpdir(), 'wgdesk-confdir-'));
after(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
/** A fresh directory under the test's temporary root. */
function dir(): ConfDir {
  const d = join(root, `d${dirs++}`);
  mkdirSync(d, { mode: 0o700 });
  return unwrap(parseConfDir(d));
}

const SECRET = 'PrivateKey = QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=';

async function read(d: ConfDir): Promise<{ names: string[]; texts: string[]; log: string[] }> {
  const log: string[] = [];
  const configs = await readConfDir(d, (l) => log.push(l));
  return { names: configs.map((c) => c.name), texts: configs.map((c) => c.text), log };
}

describe('readConfDir', () => {
  test('takes regular files named after an interface; skips the rest, saying why by name only', async () => {
    const d = dir();
    const text = `[Interface]\n${SECRET}\n`;
    writeFileSync(join(d, 'wg1.conf'), text);
    writeFileSync(join(d, 'wg0.conf'), `\uFEFF${text}`);
    writeFileSync(join(d, 'exact.conf'), Buffer.alloc(MAX_CONF_FILE_BYTES, 0x20));
    writeFileSync(join(d, 'big.conf'), Buffer.alloc(MAX_CONF_FILE_BYTES + 1, 0x20));
    writeFileSync(join(d, 'latin1.conf'), Buffer.from([0x23, 0xe9, 0x0a]));
    writeFileSync(join(d, 'bad name.conf'), text);
    writeFileSync(join(d, '-x.conf'), text);
    writeFileSync(join(d, 'sixteen-chars-xx.conf'), text);
    writeFileSync(join(d, '.conf'), text);
    writeFileSync(join(d, 'wg0.key'), SECRET);
    writeFileSync(join(d, 'wg2.conf.bak'), text);
    writeFileSync(join(root, 'outside.conf'), text);
    symlinkSync(join(root, 'outside.conf'), join(d, 'link.conf'));
    symlinkSync(join(d, 'missing'), join(d, 'dangling.conf'));
    mkdirSync(join(d, 'dir.conf'));
    // Opening a FIFO for reading blocks until a writer comes: it must never be opened.
    execFileSync('mkfifo', [join(d, 'fifo.conf')]);
    writeFileSync(join(d, 'nl\nname.conf'), text);

    const { names, texts, log } = await read(d);
    assert.deepEqual(names, ['exact', 'wg0', 'wg1']);
    assert.equal(texts[1], text, 'a byte-order mark is dropped, as wg-quick ignores it');
    assert.equal(texts[2], text);
    assert.deepEqual(log.sort(), [
      `[!] skipped "${d}/-x.conf": its name is not a valid interface name`,
      `[!] skipped "${d}/.conf": its name is not a valid interface name`,
      `[!] skipped "${d}/bad name.conf": its name is not a valid interface name`,
      `[!] skipped "${d}/big.conf": larger than ${MAX_CONF_FILE_BYTES} bytes`,
      `[!] skipped "${d}/dangling.conf": a symbolic link`,
      `[!] skipped "${d}/dir.conf": not a regular file`,
      `[!] skipped "${d}/fifo.conf": not a regular file`,
      `[!] skipped "${d}/latin1.conf": not UTF-8 text`,
      `[!] skipped "${d}/link.conf": a symbolic link`,
      `[!] skipped "${d}/nl\\nname.conf": its name is not a valid interface name`,
      `[!] skipped "${d}/sixteen-chars-xx.conf": its name is not a valid interface name`,
    ]);
    assert.ok(!log.join('\n').includes('PrivateKey'), 'no content in the log');
  });

  test('a missing directory holds nothing; a file in its place is an error', async () => {
    assert.deepEqual((await read(unwrap(parseConfDir(join(root, 'absent'))))).names, []);
    writeFileSync(join(root, 'plain'), '');
    await assert.rejects(
      readConfDir(unwrap(parseConfDir(join(root, 'plain'))), () => undefined),
      {
        kind: 'CommandFailed',
        message: /ENOTDIR/,
      },
    );
  });

  test(`at most ${MAX_CONF_FILES} files, the first by name`, async () => {
    const d = dir();
    for (let i = 0; i <= MAX_CONF_FILES; i++) {
      writeFileSync(join(d, `wg${String(i).padStart(3, '0')}.conf`), '[Interface]\n');
    }
    const { names, log } = await read(d);
    assert.equal(names.length, MAX_CONF_FILES);
    assert.equal(names.at(-1), `wg${MAX_CONF_FILES - 1}`);
    assert.deepEqual(log, [`[!] ${d}: only the first ${MAX_CONF_FILES} files are read`]);
  });

  test(`at most ${MAX_CONF_TOTAL_BYTES} bytes in all`, async () => {
    const d = dir();
    const count = MAX_CONF_TOTAL_BYTES / MAX_CONF_FILE_BYTES + 1;
    const full = Buffer.alloc(MAX_CONF_FILE_BYTES, 0x20);
    for (let i = 0; i < count; i++)
      writeFileSync(join(d, `f${String(i).padStart(2, '0')}.conf`), full);
    const { names, log } = await read(d);
    assert.equal(names.length, count - 1);
    assert.deepEqual(log, [
      `[!] ${d}: stopped before f${count - 1}.conf: over ${MAX_CONF_TOTAL_BYTES} bytes in all`,
    ]);
  });
});

describe('parseConfDir', () => {
  test('an absolute, normalised path only', () => {
    for (const ok of ['/etc/wireguard', '/', '/tmp/a b']) assert.ok(parseConfDir(ok).ok, ok);
    for (const bad of [
      'etc/wireguard',
      './x',
      '',
      '/etc/wireguard/',
      '/etc/../root',
      '/etc//wireguard',
      '/etc/./wireguard',
      '/etc/wire\nguard',
      '/etc/\u0000',
      42,
      null,
    ]) {
      const r = parseConfDir(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
      assert.equal(r.ok ? undefined : r.error.kind, 'InvalidInput');
    }
  });
});

describe('the hosts', () => {
  test('LocalHost reads the directory it was given, and logs the read without content', async () => {
    const d = dir();
    writeFileSync(join(d, 'wg0.conf'), `[Interface]\n${SECRET}\n`);
    const log: string[] = [];
    const runner = new Runner({ tools: {}, log: (l) => log.push(l) });
    const configs = await new LocalHost(runner, { confDir: d }).readSystemConfigs();
    assert.deepEqual(
      configs.map((c) => c.name),
      ['wg0'],
    );
    assert.deepEqual(log, [`[#] read ${d}/*.conf`]);
    assert.equal(runner.spawns, 0);
  });

  test('LocalHost refuses a directory that is not an absolute, normalised path', () => {
    const runner = new Runner({ tools: {} });
    for (const confDir of ['etc/wireguard', '/etc/../root']) {
      assert.throws(() => new LocalHost(runner, { confDir }), { kind: 'InvalidInput' });
    }
  });

  test('UnprivilegedHost refuses, saying why', async () => {
    const host = new UnprivilegedHost({}, 'the password prompt was cancelled');
    await assert.rejects(host.readSystemConfigs(), {
      kind: 'HelperUnavailable',
      message: 'the password prompt was cancelled',
    });
  });
});
