/**
 * The deb/rpm as installed: the service's command line starts from the package's files
 * alone, and the package scripts set the machine up and take it down (policy, admins,
 * enabling and starting the service) for a first install, an upgrade, a removal and a
 * purge, with the deb's arguments and the rpm's. Each runs on an InstalledMachine: the
 * package's /opt in a private mount namespace, with /etc and /var/lib as overlays.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ROOT } from '../../scripts/packaging/config';
import { execStart } from '../../scripts/packaging/unit';
import { buildBundles, InstalledMachine } from './packaging';
import { useRig } from './rig';

const rig = useRig();
const SCRIPTS = join(ROOT, 'packaging/linux');
const AFTER_INSTALL = join(SCRIPTS, 'after-install.sh');
const BEFORE_REMOVE = join(SCRIPTS, 'before-remove.sh');
const AFTER_REMOVE = join(SCRIPTS, 'after-remove.sh');

let buildRoot = '';
let machines = 0;
before(async () => {
  buildRoot = await buildBundles(join(rig.dir, 'build'));
});

const machine = (): Promise<InstalledMachine> =>
  InstalledMachine.create(join(rig.dir, `machine-${++machines}`), buildRoot);

/** The rest of argv after the bundle: a database call instead of `service`, which this
 * test does not start (the service's own tests do). */
const DB_CALL = ['api', 'interfaces.list', '--data-dir', '/var/lib/wgdesk'];

test("the unit's ExecStart runs the command line from the package's unpacked files", async () => {
  const m = await machine();
  const argv = execStart();
  assert.equal(argv.at(-1), 'service', 'ExecStart runs `wgdesk service`');
  const r = await m.run([
    '/bin/sh',
    '-c',
    'install -d -m 0700 /var/lib/wgdesk && exec "$@"',
    'sh',
    ...argv.slice(0, -1),
    ...DB_CALL,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [], 'a fresh database has no servers');
  assert.ok(existsSync(m.changed('/var/lib/wgdesk/wgdesk.db')), 'the database is in the state dir');
});

test('/usr/bin/wgdesk runs the command line for a command, the window otherwise', async () => {
  const m = await machine();
  const launcher = join(SCRIPTS, 'wgdesk');
  const cli = await m.run([
    '/bin/sh',
    '-c',
    'install -d -m 0700 /var/lib/wgdesk && exec "$@"',
    'sh',
    launcher,
    ...DB_CALL,
  ]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout), []);
  // The stand-in binary is node: a flag goes to it as it would go to the window.
  const window = await m.run([launcher, '-p', 'process.env.ELECTRON_RUN_AS_NODE ?? "window"']);
  assert.equal(window.code, 0, window.stderr);
  assert.equal(window.stdout.trim(), 'window', 'the window is not started in Node mode');
});

test('a first install writes the policy, lists the installing admin, enables and starts the service', async () => {
  const m = await machine();
  const r = await m.run([AFTER_INSTALL, 'configure', ''], {
    env: { SUDO_USER: 'daemon' },
    systemd: true,
  });
  assert.equal(r.code, 0, r.stderr);
  const conf = m.changed('/etc/wgdesk/wgdesk.conf');
  assert.equal(
    readFileSync(conf, 'utf8'),
    readFileSync(join(ROOT, 'packaging/wgdesk.conf'), 'utf8'),
  );
  assert.match(readFileSync(conf, 'utf8'), /^scripts = off$/m);
  for (const file of [conf, m.changed('/etc/wgdesk/admins')]) {
    const st = statSync(file);
    assert.equal(st.uid, 0, `${file} is root's`);
    assert.equal(st.mode & 0o777, 0o644, `${file} is writable by root only`);
  }
  assert.equal(readFileSync(m.changed('/etc/wgdesk/admins'), 'utf8'), 'daemon\n');
  assert.deepEqual(r.systemctl, ['daemon-reload', 'enable wgdesk.service', 'start wgdesk.service']);
});

test('an upgrade keeps the policy an admin edited, adds a pkexec admin once, restarts only a running service', async () => {
  const m = await machine();
  await m.run([AFTER_INSTALL, 'configure', ''], { env: { SUDO_USER: 'daemon' }, systemd: true });
  // An admin turns scripts on and writes the file without its last newline.
  const edit = await m.run([
    '/bin/sh',
    '-c',
    "printf 'scripts = on\\n' >/etc/wgdesk/wgdesk.conf && printf daemon >/etc/wgdesk/admins",
  ]);
  assert.equal(edit.code, 0, edit.stderr);
  const uid = (await m.run(['id', '-u', 'bin'])).stdout.trim();
  for (let i = 0; i < 2; i++) {
    const r = await m.run([AFTER_INSTALL, 'configure', '0.1.0'], {
      env: { PKEXEC_UID: uid, SUDO_USER: 'daemon' },
      systemd: true,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.systemctl, ['daemon-reload', 'try-restart wgdesk.service']);
  }
  assert.equal(readFileSync(m.changed('/etc/wgdesk/wgdesk.conf'), 'utf8'), 'scripts = on\n');
  // sudo names the admin first, who is listed already: the file is left as it was.
  assert.equal(readFileSync(m.changed('/etc/wgdesk/admins'), 'utf8'), 'daemon');
  const viaPkexec = await m.run([AFTER_INSTALL, 'configure', '0.1.0'], {
    env: { PKEXEC_UID: uid },
    systemd: true,
  });
  assert.equal(viaPkexec.code, 0, viaPkexec.stderr);
  assert.equal(readFileSync(m.changed('/etc/wgdesk/admins'), 'utf8'), 'daemon\nbin\n');
});

test('the rpm: root is not listed, an upgrade restarts; without systemd the service is only enabled', async () => {
  const m = await machine();
  const first = await m.run([AFTER_INSTALL, '1'], { env: { SUDO_USER: 'root' }, systemd: true });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(readFileSync(m.changed('/etc/wgdesk/admins'), 'utf8'), '');
  assert.deepEqual(first.systemctl, [
    'daemon-reload',
    'enable wgdesk.service',
    'start wgdesk.service',
  ]);
  const upgrade = await m.run([AFTER_INSTALL, '2'], { systemd: true });
  assert.deepEqual(upgrade.systemctl, ['daemon-reload', 'try-restart wgdesk.service']);

  const container = await machine();
  const r = await container.run([AFTER_INSTALL, 'configure', ''], { systemd: false });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.systemctl,
    ['enable wgdesk.service'],
    'enabled for the next boot, not started',
  );
  assert.ok(existsSync(container.changed('/etc/wgdesk/wgdesk.conf')));
});

test('removal stops and disables the service and keeps the data; purge deletes policy and data', async () => {
  const m = await machine();
  await m.run([AFTER_INSTALL, 'configure', ''], { env: { SUDO_USER: 'daemon' }, systemd: true });
  const seed = await m.run([
    '/bin/sh',
    '-c',
    'install -d -m 0700 /var/lib/wgdesk && : >/var/lib/wgdesk/wgdesk.db',
  ]);
  assert.equal(seed.code, 0, seed.stderr);
  const exists = async (path: string): Promise<boolean> =>
    (await m.run(['test', '-e', path])).code === 0;

  // Upgrades (deb "upgrade", rpm 1) leave everything as it is.
  for (const arg of ['upgrade', '1']) {
    for (const script of [BEFORE_REMOVE, AFTER_REMOVE]) {
      const r = await m.run([script, arg], { systemd: true });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.systemctl, [], `${script} ${arg} touches nothing`);
    }
  }
  for (const arg of ['remove', '0']) {
    const stop = await m.run([BEFORE_REMOVE, arg], { systemd: true });
    assert.deepEqual(stop.systemctl, ['stop wgdesk.service', 'disable wgdesk.service']);
    const after = await m.run([AFTER_REMOVE, arg], { systemd: true });
    assert.deepEqual(after.systemctl, ['daemon-reload']);
    assert.ok(await exists('/etc/wgdesk/wgdesk.conf'), `${arg}: the policy stays`);
    assert.ok(await exists('/var/lib/wgdesk/wgdesk.db'), `${arg}: the data stays`);
  }
  const purge = await m.run([AFTER_REMOVE, 'purge'], { systemd: true });
  assert.equal(purge.code, 0, purge.stderr);
  assert.equal(await exists('/etc/wgdesk'), false, 'purge removes the policy');
  assert.equal(await exists('/var/lib/wgdesk'), false, 'purge removes the data');
});
