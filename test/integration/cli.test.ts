import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { METHODS } from '../../shared/contract';
import { EXIT_CODES } from '../../main/cli/exit-codes';
import { generateKeyPair } from '../../main/wireguard';
import { requireRoot } from './rig';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI as a child process, from the source tree, exactly as `npm run` would start it. */
function wgdesk(...args: string[]): Promise<Run> {
  return wgdeskWithStdin('', ...args);
}

function wgdeskWithStdin(stdin: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'main/cli.ts', ...args],
      { cwd: REPO, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

describe('wgdesk api (the CLI as a child process)', () => {
  // As root the CLI runs kernel operations in-process; these calls only read.
  requireRoot();
  const base = mkdtempSync(join(tmpdir(), 'wgdesk-cli-'));
  after(() => rmSync(base, { recursive: true, force: true }));
  const dataDir = join(base, 'data');

  test('--list prints every contract method with its summary and params schema', async () => {
    const r = await wgdesk('api', '--list');
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as {
      method: string;
      summary: string;
      params: { type?: string };
    }[];
    assert.deepEqual(list.map((m) => m.method).sort(), Object.keys(METHODS).sort());
    for (const m of list) {
      assert.ok(m.summary.length > 0, m.method);
      assert.equal(m.params.type, 'object', m.method);
    }
  });

  test('system.capabilities works against a fresh data directory', async () => {
    const r = await wgdesk('api', 'system.capabilities', '{}', '--data-dir', dataDir);
    assert.equal(r.code, 0, r.stderr);
    const caps = JSON.parse(r.stdout) as Record<string, boolean>;
    assert.equal(caps['root'], true);
    assert.equal(typeof caps['wg'], 'boolean');
  });

  test('interfaces.list works and reads the same store', async () => {
    const r = await wgdesk('api', 'interfaces.list', '--data-dir', dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  test('params from stdin (-) or @FILE keep a private key off the command line', async () => {
    const dir = join(base, 'params');
    const { privateKey, publicKey } = await generateKeyPair();
    // An interface that does not exist: import stores it and touches no link.
    const name = `wgdcli${process.pid % 100_000}`;
    const text = `[Interface]\nPrivateKey = ${privateKey}\nListenPort = 51999\nAddress = 10.91.0.1/24\n`;
    const args = ['api', 'interfaces.importConf', '-', '--data-dir', dir];
    const imported = await wgdeskWithStdin(JSON.stringify({ name, text }), ...args);
    assert.equal(imported.code, 0, imported.stderr);
    assert.ok(!args.some((a) => a.includes(privateKey)));
    const view = JSON.parse(imported.stdout) as { interface: { id: number; publicKey: string } };
    assert.equal(view.interface.publicKey, publicKey);

    const file = join(base, 'get.json');
    writeFileSync(file, JSON.stringify({ id: view.interface.id }), { mode: 0o600 });
    const got = await wgdesk('api', 'interfaces.get', `@${file}`, '--data-dir', dir);
    assert.equal(got.code, 0, got.stderr);
    assert.equal((JSON.parse(got.stdout) as { name: string }).name, name);

    // What was read is what is used: another id from stdin is NotFound, not the default {}.
    const other = await wgdeskWithStdin(
      '{"id": 999}',
      'api',
      'interfaces.get',
      '-',
      '--data-dir',
      dir,
    );
    assert.equal(other.code, EXIT_CODES.NotFound, other.stderr);

    const missing = join(base, 'no-such.json');
    const unread = await wgdesk('api', 'interfaces.get', `@${missing}`, '--data-dir', dir);
    assert.equal(unread.code, EXIT_CODES.InvalidInput, unread.stderr);
    assert.match(
      unread.stderr,
      new RegExp(`wgdesk: InvalidInput: .*cannot read ${missing}: ENOENT`),
    );
  });

  test('invalid calls exit with their kind’s code and print the kind', async () => {
    const cases: [string[], string][] = [
      [['api', 'interfaces.get', '{"id":"1; reboot"}'], 'InvalidInput'],
      [['api', 'interfaces.get'], 'InvalidInput'],
      [['api', 'interfaces.get', '{not json'], 'InvalidInput'],
      [['api', 'system.reboot', '{}'], 'InvalidInput'],
      [['api', '--bogus-flag'], 'InvalidInput'],
      [['api', 'system.capabilities', '--poll-interval', '2'], 'InvalidInput'],
      // Refused before anything opens: no data directory, no listening socket.
      [['serve', '--poll-interval', '0.1'], 'InvalidInput'],
      [['serve', '--poll-interval', '1; reboot'], 'InvalidInput'],
      [['serve', '--poll-interval', '61'], 'InvalidInput'],
    ];
    for (const [args, kind] of cases) {
      const r = await wgdesk(...args, '--data-dir', dataDir);
      assert.equal(r.code, EXIT_CODES.InvalidInput, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`wgdesk: ${kind}: `));
      assert.equal(r.stdout, '');
    }
  });

  test('a data directory of the desktop app is refused, not given a second key', async () => {
    const desktop = join(base, 'desktop');
    mkdirSync(desktop, { mode: 0o700 });
    writeFileSync(join(desktop, 'data.key.wrapped'), '{}', { mode: 0o600 });
    const r = await wgdesk('api', 'system.capabilities', '--data-dir', desktop);
    assert.equal(r.code, EXIT_CODES.Incompatible, r.stderr);
    assert.match(r.stderr, /wgdesk: Incompatible: .*desktop app/);
  });
});
