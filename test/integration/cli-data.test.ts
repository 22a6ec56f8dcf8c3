/**
 * `wgdesk api` on real database files, as the CLI process sees them: a database from a
 * newer wgdesk and a file that is no database are refused with their kinds and left
 * alone; users are changed and deleted; and a user's default data directory follows
 * XDG_DATA_HOME (an absolute one only, as the spec says).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { EXIT_CODES } from '../../main/cli/exit-codes';
import { useRig } from './rig';

const run = promisify(execFile);
const rig = useRig();
const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url));
// nobody must reach its home: not under the rig's 0700 directory.
const home = `/tmp/${rig.prefix}-home`;
after(() => rmSync(home, { recursive: true, force: true }));

interface Run {
  readonly code: unknown;
  readonly out: string;
  readonly err: string;
}

async function wgdesk(
  args: readonly string[],
  opts: { readonly env?: NodeJS.ProcessEnv; readonly asNobody?: boolean } = {},
): Promise<Run> {
  const node = [process.execPath, '--import', 'tsx', CLI, ...args];
  const drop = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
  const [file, ...argv] = opts.asNobody === true ? [...drop, ...node] : node;
  const env = { ...process.env, WGDESK_SOCKET: join(rig.dir, 'no-service.sock'), ...opts.env };
  return run(file ?? '', argv, { env, timeout: 60_000 }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code?: unknown; stdout?: string; stderr?: string }) => ({
      code: e.code,
      out: e.stdout ?? '',
      err: e.stderr ?? '',
    }),
  );
}

test('a database from a newer wgdesk, or a file that is none, is refused and left as it was', async () => {
  const newer = join(rig.dir, 'newer');
  const created = await wgdesk(['api', 'users.list', '--data-dir', newer]);
  assert.equal(created.code, 0, created.err);
  const db = new Database(join(newer, 'wgdesk.db'));
  db.pragma('user_version = 9999');
  db.close();
  const r = await wgdesk(['api', 'users.list', '--data-dir', newer]);
  assert.equal(r.code, EXIT_CODES.Incompatible, r.err);
  assert.match(r.err, /written by a newer wgdesk \(schema 9999/);
  const after = new Database(join(newer, 'wgdesk.db'), { readonly: true });
  assert.equal(after.pragma('user_version', { simple: true }), 9999, 'not migrated back');
  after.close();

  const junk = join(rig.dir, 'junk');
  mkdirSync(junk, { mode: 0o700 });
  const text = 'these are not the pages of a database\n'.repeat(200);
  writeFileSync(join(junk, 'wgdesk.db'), text, { mode: 0o600 });
  const j = await wgdesk(['api', 'users.list', '--data-dir', junk]);
  assert.equal(j.code, EXIT_CODES.Incompatible, j.err);
  assert.match(j.err, /is not a wgdesk database/);
  assert.equal(readFileSync(join(junk, 'wgdesk.db'), 'utf8'), text);
});

test('users are created, changed field by field, and deleted', async () => {
  const dir = ['--data-dir', join(rig.dir, 'users')];
  const created = await wgdesk(['api', 'users.create', '{"name":"Ann","maxDevices":2}', ...dir]);
  assert.equal(created.code, 0, created.err);
  const { id } = JSON.parse(created.out) as { id: number };
  const patch = { id, name: 'Ann B', email: 'ann@example.org', limitCooldownS: 60, enabled: false };
  const updated = await wgdesk(['api', 'users.update', JSON.stringify(patch), ...dir]);
  assert.equal(updated.code, 0, updated.err);
  const u = JSON.parse(updated.out) as Record<string, unknown>;
  assert.deepEqual(
    [u['name'], u['email'], u['maxDevices'], u['limitCooldownS'], u['enabled']],
    ['Ann B', 'ann@example.org', 2, 60, false],
    'sent fields change, maxDevices (not sent) stays',
  );
  const deleted = await wgdesk(['api', 'users.delete', JSON.stringify({ id }), ...dir]);
  assert.equal(deleted.code, 0, deleted.err);
  assert.deepEqual(JSON.parse(deleted.out), { deleted: true });
  const list = await wgdesk(['api', 'users.list', ...dir]);
  assert.deepEqual(JSON.parse(list.out), []);
  const again = await wgdesk(['api', 'users.delete', JSON.stringify({ id }), ...dir]);
  assert.equal(again.code, EXIT_CODES.NotFound, again.err);
  const audit = await wgdesk(['api', 'audit.list', '{}', ...dir]);
  assert.match(audit.out, /user\.update[\s\S]*user\.delete|user\.delete[\s\S]*user\.update/);
});

test("a user's default data directory is XDG_DATA_HOME/wgdesk, or ~/.local/share/wgdesk", async () => {
  mkdirSync(home, { mode: 0o700 });
  chownSync(home, 65534, 65534);
  const list = ['api', 'users.list'];
  const xdg = await wgdesk(list, {
    asNobody: true,
    env: { HOME: home, XDG_DATA_HOME: join(home, 'xdg'), WGDESK_SOCKET: join(home, 'none') },
  });
  assert.equal(xdg.code, 0, xdg.err);
  assert.ok(existsSync(join(home, 'xdg', 'wgdesk', 'wgdesk.db')));
  // A relative XDG_DATA_HOME is invalid and ignored.
  const relative = await wgdesk(list, {
    asNobody: true,
    env: { HOME: home, XDG_DATA_HOME: 'x', WGDESK_SOCKET: join(home, 'none') },
  });
  assert.equal(relative.code, 0, relative.err);
  assert.ok(existsSync(join(home, '.local', 'share', 'wgdesk', 'wgdesk.db')));
  assert.equal(existsSync(join(home, 'x')), false);
});

test('the command line: help, and a usage error with the usage on stderr', async () => {
  const help = await wgdesk(['help']);
  assert.equal(help.code, 0, help.err);
  assert.match(help.out, /^usage:\n {2}wgdesk serve/);
  const bad = await wgdesk(['serve', '--no-such-flag']);
  assert.equal(bad.code, EXIT_CODES.InvalidInput);
  assert.match(bad.err, /usage:[\s\S]*no-such-flag/);
});
