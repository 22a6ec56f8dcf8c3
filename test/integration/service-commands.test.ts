/**
 * `wgdesk service …` commands around the running daemon, through the real CLI: the
 * scripts switch and the admins list written as root's files, what only root may do,
 * bad arguments, `status` and `url` against a real service, a reload on `admins add`,
 * and a service that refuses to start on a policy file it cannot trust or read.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EXIT_CODES } from '../../main/cli/exit-codes';
import { useRig, waitFor } from './rig';
import { ready, servicePaths, spawnService } from './service/process';

const run = promisify(execFile);
const rig = useRig();
const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url));
const paths = servicePaths(rig);
const FLAGS = ['--data-dir', paths.dataDir, '--socket', paths.socket];
const FILES = ['--config', paths.config, '--admins', paths.admins];
let ns = '';

before(async () => {
  ns = await rig.namespace('s');
  mkdirSync(join(rig.dir, 'svc', 'etc'), { recursive: true });
});

interface Run {
  readonly code: unknown;
  readonly out: string;
  readonly err: string;
}

/** The real CLI, as root unless `as` names another user. */
async function wgdesk(args: readonly string[], as?: string): Promise<Run> {
  const node = [process.execPath, '--import', 'tsx', CLI, ...args];
  const [file, ...argv] =
    as === undefined
      ? node
      : ['setpriv', `--reuid=${as}`, '--regid=nogroup', '--clear-groups', ...node];
  return run(file ?? '', argv, { timeout: 60_000 }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code?: unknown; stdout?: string; stderr?: string }) => ({
      code: e.code,
      out: e.stdout ?? '',
      err: e.stderr ?? '',
    }),
  );
}

const service = (...args: string[]): Promise<Run> =>
  wgdesk(['service', ...args, ...FLAGS, ...FILES]);

test('bad arguments are usage errors, and root-only changes are refused to others', async () => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /bogus/],
    [['frobnicate'], /unknown service command frobnicate/],
    [['run', '--poll-interval', '100'], /0\.25 to 60, not 100/],
    [['scripts', 'maybe'], /takes on or off/],
    [['scripts', 'on', 'off'], /takes on or off/],
    [['admins', 'add'], /add\|remove USER/],
    [['admins', 'promote', 'daemon'], /add\|remove USER/],
  ];
  const runs = await Promise.all(cases.map(([args]) => service(...args)));
  for (const [i, r] of runs.entries()) {
    assert.equal(r.code, EXIT_CODES.InvalidInput, `${cases[i]?.[0].join(' ')}: ${r.err}`);
    assert.match(r.err, cases[i]?.[1] ?? /./);
  }
  const asNobody = await Promise.all([
    wgdesk(['service', 'scripts', 'on', ...FILES], 'nobody'),
    wgdesk(['service', 'admins', 'add', 'nobody', ...FILES], 'nobody'),
    wgdesk(['service', ...FILES], 'nobody'),
  ]);
  for (const r of asNobody) {
    assert.equal(r.code, EXIT_CODES.PermissionDenied, r.err);
    assert.match(r.err, /root/);
  }
});

test('the scripts switch is written into the policy file, its comments kept', async () => {
  const on = await service('scripts', 'on');
  assert.equal(on.code, 0, on.err);
  assert.equal(readFileSync(paths.config, 'utf8'), 'scripts = on\n');
  assert.equal(statSync(paths.config).mode & 0o777, 0o644);
  writeFileSync(paths.config, '# the hooks\nscripts = on # for now\nbrowser = off\n');
  const off = await service('scripts', 'off');
  assert.equal(off.code, 0, off.err);
  assert.match(off.err, /interface scripts are off/);
  assert.equal(readFileSync(paths.config, 'utf8'), '# the hooks\nscripts = off\nbrowser = off\n');
});

test('a policy or admins file the service cannot read or trust stops it at start', async () => {
  const bad = (name: string, text: string): string => {
    const p = join(rig.dir, 'svc', 'etc', name);
    writeFileSync(p, text, { mode: 0o644 });
    return p;
  };
  const dir = join(rig.dir, 'svc', 'etc', 'a-directory');
  mkdirSync(dir);
  const link = join(rig.dir, 'svc', 'etc', 'a-link');
  symlinkSync(paths.config, link);
  const cases: [string[], RegExp][] = [
    [['--config', bad('c1', 'scripts on\n')], /c1:1: expected "key = value"/],
    [['--config', bad('c2', '# x\nscripts = yes\n')], /c2:2: scripts must be on or off/],
    [['--config', bad('c3', 'browser-port = 0\n')], /browser-port must be a port number/],
    [['--config', bad('c4', 'colour = blue\n')], /unknown setting colour/],
    [['--config', dir], /is not a regular file/],
    [['--config', link], /is a symbolic link/],
    // Once the socket exists: a bad admins file closes it again and the service exits.
    [['--admins', bad('a1', 'alice\nnot a name\n')], /a1:2: not a user name/],
  ];
  const runs = await Promise.all(
    cases.map(([args], i) =>
      wgdesk([
        'service',
        '--config',
        paths.config,
        '--admins',
        paths.admins,
        '--data-dir',
        join(rig.dir, `bad-${i}`),
        '--socket',
        join(rig.dir, `bad-${i}.sock`),
        '--netns',
        ns,
        ...args,
      ]),
    ),
  );
  for (const [i, r] of runs.entries()) {
    assert.notEqual(r.code, 0, `case ${i} started`);
    assert.match(r.err, cases[i]?.[1] ?? /./);
  }
});

test('status, url and admins against the running service', async (t) => {
  const offline = await service('status');
  assert.equal(offline.code, 0, offline.err);
  assert.equal((JSON.parse(offline.out) as { running: boolean }).running, false);

  // A name that is no local user is skipped with a note; the others still get in.
  writeFileSync(paths.admins, `${rig.prefix}x\n`);
  const svc = spawnService(paths, ns);
  after(() => svc.stop('SIGKILL'));
  await ready(svc, paths);
  assert.match(svc.stderr(), new RegExp(`no local user ${rig.prefix}x: skipped`));

  const status = await service('status');
  const s = JSON.parse(status.out) as { installed: boolean; running: boolean; socket: string };
  assert.equal(s.running, true, status.out);
  assert.equal(s.socket, paths.socket);

  // The policy has browser = off: there is no address to give.
  const url = await service('url');
  assert.equal(url.code, EXIT_CODES.Conflict, url.err);
  assert.match(url.err, /the browser UI is off: set browser = on/);

  await t.test('admins add reaches the running service at once', async () => {
    const add = await service('admins', 'add', 'daemon');
    assert.equal(add.code, 0, add.err);
    assert.match(add.err, new RegExp(`admins: ${rig.prefix}x, daemon\\n`));
    assert.equal(readFileSync(paths.admins, 'utf8'), `${rig.prefix}x\ndaemon\n`);
    await waitFor(
      async () => (await run('getfacl', ['-c', paths.socket])).stdout.includes('user:daemon:rw'),
      10_000,
      'the socket to let daemon in',
    );
  });

  await t.test('admins remove takes the name off and a bad name is refused', async () => {
    const remove = await service('admins', 'remove', `${rig.prefix}x`);
    assert.equal(remove.code, 0, remove.err);
    assert.equal(readFileSync(paths.admins, 'utf8'), 'daemon\n');
    const badName = await service('admins', 'add', 'Not-A-User!');
    assert.equal(badName.code, EXIT_CODES.InvalidInput, badName.err);
    assert.match(badName.err, /not a user name/);
  });

  await svc.stop();
  const gone = await wgdesk(['service', 'admins', 'remove', 'daemon', ...FILES]);
  assert.match(gone.err, /InvalidInput|not a user name/, 'the bad name still stops a change');
  writeFileSync(paths.admins, 'daemon\n');
  const stopped = await wgdesk([
    'service',
    'admins',
    'remove',
    'daemon',
    ...FILES,
    '--data-dir',
    paths.dataDir,
  ]);
  assert.equal(stopped.code, 0, stopped.err);
  assert.match(stopped.err, /admins: \(root only\) \(the service is not running\)/);
});
