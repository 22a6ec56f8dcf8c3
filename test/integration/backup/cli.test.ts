/**
 * The command line as an admin uses it: `wgdesk backup` and `wgdesk restore`
 * with the passphrase on stdin, and a database cut short on disk reported as
 * damaged, with what to do, instead of a generic error.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT_CODES } from '../../../main/cli/exit-codes';
import { useRig } from '../rig';

const rig = useRig();
const CLI = fileURLToPath(new URL('../../../main/cli.ts', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function wgdesk(args: readonly string[], stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, WGDESK_SOCKET: join(rig.dir, 'no-service.sock') },
      timeout: 60_000,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

const PASS = 'a long enough passphrase\n';

test('backup and restore from the command line, then a damaged database at start', async () => {
  const a = join(rig.dir, 'a');
  const b = join(rig.dir, 'b');
  const made = await wgdesk(['api', 'users.create', '{"name":"ana"}', '--data-dir', a]);
  assert.equal(made.code, 0, made.err);

  const short = await wgdesk(['backup', '--data-dir', a], 'short\n');
  assert.equal(short.code, EXIT_CODES.InvalidInput, short.err);
  const backup = await wgdesk(['backup', '--data-dir', a], PASS);
  assert.equal(backup.code, 0, backup.err);
  const file = (JSON.parse(backup.out) as { path: string }).path;
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(!backup.out.includes('long enough'), 'the passphrase is not echoed');

  const wrong = await wgdesk(['restore', file, '--data-dir', b], 'not the passphrase\n');
  assert.equal(wrong.code, EXIT_CODES.InvalidInput);
  assert.match(wrong.err, /wrong passphrase/);
  const restored = await wgdesk(['restore', file, '--data-dir', b], PASS);
  assert.equal(restored.code, 0, restored.err);
  assert.equal((JSON.parse(restored.out) as { users: number }).users, 1);
  const users = await wgdesk(['api', 'users.list', '--data-dir', b]);
  assert.equal(users.code, 0, users.err);
  assert.match(users.out, /"ana"/);
  const again = await wgdesk(['restore', file, '--data-dir', b], PASS);
  assert.equal(again.code, EXIT_CODES.Conflict, 'never over an existing database');

  // Cut the database short (a full disk, a bad copy): opened, it is reported damaged.
  const db = join(b, 'wgdesk.db');
  assert.deepEqual(
    readdirSync(b).filter((n) => n.startsWith('wgdesk.db-')),
    [],
    'closed cleanly: no WAL',
  );
  truncateSync(db, Math.floor(statSync(db).size / 2));
  const damaged = await wgdesk(['api', 'users.list', '--data-dir', b]);
  assert.equal(damaged.code, EXIT_CODES.Damaged, damaged.err);
  assert.match(damaged.err, /Damaged: database .* is damaged/);
  assert.match(damaged.err, /restore the last backup \(wgdesk restore FILE --data-dir DIR/);
});
