/**
 * `wgdesk service install | uninstall | status` from this checkout, run by the real CLI
 * in a private mount namespace where /etc/systemd/system is a directory of the test's
 * and /run a fresh tmpfs, so the machine's own units are never touched. systemd cannot
 * run here: a fake `systemctl` on PATH records what it was asked, and
 * /run/systemd/system (the test for a running systemd) exists only when a case says so.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EXIT_CODES } from '../../main/cli/exit-codes';
import { useRig } from './rig';

const run = promisify(execFile);
const rig = useRig();
const REPO = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const CLI = join(REPO, 'main', 'cli.ts');
const units = join(rig.dir, 'units');
const etc = join(rig.dir, 'etc');
const fakeBin = join(rig.dir, 'fake-bin');
const log = join(rig.dir, 'systemctl.log');
const UNIT = join(units, 'wgdesk.service');
const PATHS = [
  '--config',
  join(etc, 'wgdesk.conf'),
  '--admins',
  join(etc, 'admins'),
  '--socket',
  join(rig.dir, 'none.sock'),
];

mkdirSync(units);
mkdirSync(join(rig.dir, 'ov'));
mkdirSync(fakeBin);
writeFileSync(join(fakeBin, 'systemctl'), `#!/bin/sh\nprintf '%s\\n' "$*" >>'${log}'\n`);
chmodSync(join(fakeBin, 'systemctl'), 0o755);

/**
 * In a git worktree whose node_modules is a symbolic link to another checkout's, install
 * rightly refuses the link; the namespace then sees the checkout through an overlay with
 * a real node_modules directory in its place, bound to the same files.
 */
const WORKTREE = [
  `if [ -L ${REPO}/node_modules ]; then`,
  `  modules=$(readlink -f ${REPO}/node_modules)`,
  `  mount -t tmpfs -o mode=0755 tmpfs ${join(rig.dir, 'ov')}`,
  `  mkdir ${join(rig.dir, 'ov', 'u')} ${join(rig.dir, 'ov', 'w')}`,
  `  mount -t overlay overlay -o lowerdir=${REPO},upperdir=${join(rig.dir, 'ov', 'u')},workdir=${join(rig.dir, 'ov', 'w')} ${REPO}`,
  `  rm ${REPO}/node_modules && mkdir ${REPO}/node_modules`,
  `  mount --bind "$modules" ${REPO}/node_modules`,
  'fi',
];

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** What the fake systemctl was asked, one call a line. */
  readonly systemctl: readonly string[];
}

/** `wgdesk service VERB …` as root in the private mount namespace. */
async function service(
  verb: string,
  opts: { readonly systemd?: boolean; readonly env?: Record<string, string> } = {},
): Promise<Outcome> {
  writeFileSync(log, '');
  const mounts = [
    'set -e',
    ...WORKTREE,
    `mount --bind ${units} /etc/systemd/system`,
    'mount -t tmpfs tmpfs /run',
    opts.systemd === true ? 'mkdir -p /run/systemd/system' : ':',
    'exec "$@"',
  ].join('\n');
  const argv = [process.execPath, '--import', 'tsx', CLI, 'service', verb, ...PATHS];
  // Who installs is only what the case says (SUDO_USER / PKEXEC_UID), never this shell's.
  const inherited = Object.entries(process.env).filter(
    ([k]) => k !== 'SUDO_USER' && k !== 'PKEXEC_UID',
  );
  const env = {
    ...Object.fromEntries(inherited),
    PATH: `${fakeBin}:${process.env['PATH'] ?? ''}`,
    ...opts.env,
  };
  const args = ['--mount', '--propagation', 'private', '/bin/sh', '-c', mounts, 'sh', ...argv];
  let r: { code: number; out: string; err: string };
  try {
    const { stdout, stderr } = await run('unshare', args, { env, cwd: REPO, timeout: 60_000 });
    r = { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code?: unknown; stdout?: string; stderr?: string };
    const code = typeof failed.code === 'number' ? failed.code : -1;
    r = { code, out: failed.stdout ?? '', err: failed.stderr ?? '' };
  }
  const systemctl = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { ...r, systemctl };
}

test('install writes the unit for this checkout, the default policy and the installing admin, and starts it', async () => {
  const r = await service('install', { systemd: true, env: { SUDO_USER: 'daemon' } });
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), {
    unit: '/etc/systemd/system/wgdesk.service',
    started: true,
  });
  assert.deepEqual(r.systemctl, ['daemon-reload', 'enable --now wgdesk.service']);
  const unit = readFileSync(UNIT, 'utf8');
  assert.match(
    unit,
    new RegExp(`^ExecStart=${process.execPath} --import \\S+tsx\\S+ ${CLI} service$`, 'm'),
  );
  assert.equal(statSync(UNIT).mode & 0o777, 0o644);
  const packaged = readFileSync(join(REPO, 'packaging', 'wgdesk.conf'), 'utf8');
  assert.equal(readFileSync(join(etc, 'wgdesk.conf'), 'utf8'), packaged, "the packages' policy");
  assert.equal(readFileSync(join(etc, 'admins'), 'utf8'), 'daemon\n');

  // Installed, but nothing answers on the socket (the fake systemctl started nothing).
  const status = await service('status');
  assert.equal(status.code, 0, status.err);
  const s = JSON.parse(status.out) as { installed: boolean; running: boolean; problem?: string };
  assert.equal(s.installed, true);
  assert.equal(s.running, false);
  assert.ok((s.problem ?? '').length > 0, 'it says why it is not running');
});

test('a second install keeps the policy an admin changed and lists the pkexec user once', async () => {
  writeFileSync(join(etc, 'wgdesk.conf'), 'scripts = on\n');
  // pkexec (the window's offer) names the user by uid: 1 is daemon, already listed.
  const again = await service('install', { env: { PKEXEC_UID: '1' } });
  assert.equal(again.code, 0, again.err);
  const out = JSON.parse(again.out) as { started: boolean; note?: string };
  assert.equal(out.started, false, 'without systemd nothing is started');
  assert.match(out.note ?? '', /start `wgdesk service` yourself/);
  assert.deepEqual(again.systemctl, [], 'systemctl is not asked when systemd is not running');
  assert.equal(readFileSync(join(etc, 'wgdesk.conf'), 'utf8'), 'scripts = on\n');
  assert.equal(readFileSync(join(etc, 'admins'), 'utf8'), 'daemon\n');
  // A uid that is not a number, or names nobody, adds no one.
  for (const uid of ['x1', '4000000000']) {
    const r = await service('install', { env: { PKEXEC_UID: uid } });
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(join(etc, 'admins'), 'utf8'), 'daemon\n', uid);
  }
  // The pkexec user by uid: nobody is 65534.
  const byUid = await service('install', { env: { PKEXEC_UID: '65534' } });
  assert.equal(byUid.code, 0, byUid.err);
  assert.equal(readFileSync(join(etc, 'admins'), 'utf8'), 'daemon\nnobody\n');
});

test('uninstall stops and removes the unit and keeps the data and the policy', async () => {
  const r = await service('uninstall', { systemd: true });
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), {
    removed: '/etc/systemd/system/wgdesk.service',
    kept: 'the data directory and /etc/wgdesk',
  });
  assert.deepEqual(r.systemctl, ['disable --now wgdesk.service', 'daemon-reload']);
  assert.equal(existsSync(UNIT), false);
  assert.ok(existsSync(join(etc, 'wgdesk.conf')));
  // Without systemd, an uninstall of nothing still succeeds and asks systemctl nothing.
  const none = await service('uninstall');
  assert.equal(none.code, 0, none.err);
  assert.deepEqual(none.systemctl, []);
  const status = await service('status');
  assert.equal((JSON.parse(status.out) as { installed: boolean }).installed, false);
});

test('install and uninstall need root', async () => {
  for (const verb of ['install', 'uninstall']) {
    const argv = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath];
    argv.push('--import', 'tsx', CLI, 'service', verb);
    const r = await run('setpriv', argv, { cwd: REPO, timeout: 60_000 }).then(
      () => ({ code: 0, err: '' }),
      (e: { code?: unknown; stderr?: string }) => ({ code: e.code, err: e.stderr ?? '' }),
    );
    assert.equal(r.code, EXIT_CODES.PermissionDenied, r.err);
    assert.match(r.err, /needs root/);
  }
  assert.equal(existsSync(UNIT), false, 'nothing was written');
});
