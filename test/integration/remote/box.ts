// A box for the remote tests, built from real parts: a network namespace
// reached from the test's own namespace over a veth pair (which a test can
// take down), Debian's sshd inside it with its own config, host key and
// authorized_keys, a local user who logs in, and the box's wgdesk service
// started as the unit's ExecStart runs it. Everything is removed afterwards,
// processes by pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoxAddress, SshHost, SshUser } from '../../../shared/validate/box-address';
import type { Port } from '../../../shared/validate/numbers';
import { sh, waitFor, type Rig } from '../rig';
import { clientUp } from '../services/setup';
import {
  ready,
  servicePaths,
  spawnService,
  type ServicePaths,
  type ServiceProcess,
} from '../service/process';

const CHECKOUT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Box {
  readonly ns: string;
  /** The veth end in the test's namespace: down means the link is cut. */
  readonly link: string;
  readonly address: BoxAddress;
  readonly user: string;
  readonly password: string;
  /** Files sshd and the user can read: host keys, authorized_keys, the sshd config. */
  readonly sshDir: string;
  readonly paths: ServicePaths;
  /** `wgdesk bridge` as this checkout runs it, for the link's remote command. */
  readonly bridgeCommand: readonly string[];
  service: ServiceProcess;
  sshd: ChildProcess;
  /** Rewrites sshd's config (a setting added) and restarts it. */
  restartSshd(extra?: string): Promise<void>;
  restartService(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createBox(rig: Rig, suffix = 'bx'): Promise<Box> {
  const ns = await rig.namespace(suffix);
  const link = rig.name(`${suffix}h`);
  // A /30 of CGNAT space picked per run: the near end lives in the test's own namespace.
  const net = `100.${64 + (parseInt(rig.prefix.slice(1), 16) % 64)}.${parseInt(rig.prefix.slice(3), 16)}`;
  const far = `${net}.2`;
  await sh('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', `${ns}v`, 'netns', ns]);
  await sh('ip', ['address', 'add', `${net}.1/30`, 'dev', link]);
  await sh('ip', ['link', 'set', link, 'up']);
  await rig.exec(ns, 'ip', ['address', 'add', `${far}/30`, 'dev', `${ns}v`]);
  await rig.exec(ns, 'ip', ['link', 'set', `${ns}v`, 'up']);

  const user = `${rig.prefix}r`;
  const password = `pw-${rig.prefix}-x9`;
  await sh('useradd', ['-m', '-s', '/bin/sh', user]);
  await sh('chpasswd', [], `${user}:${password}\n`);
  // tsx keeps its compile cache per uid in /tmp: the user's goes with the user.
  const tsxCache = join(tmpdir(), `tsx-${(await sh('id', ['-u', user])).trim()}`);

  // Under /run, not the rig's 0700 directory: the user must reach the socket and authorized_keys.
  const runDir = `/run/${rig.prefix}-${suffix}`;
  const sshDir = join(runDir, 'ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o755 });
  chmodSync(runDir, 0o755);
  // The bridge (as the user) tells "stopped" from "not installed" by the config file: readable.
  const paths: ServicePaths = {
    ...servicePaths(rig, suffix),
    socket: join(runDir, 'wgdesk.sock'),
    config: join(runDir, 'wgdesk.conf'),
  };
  mkdirSync(join(rig.dir, suffix, 'etc'), { recursive: true });
  writeFileSync(paths.config, 'scripts = off\n', { mode: 0o644 });
  writeFileSync(paths.admins, `${user}\n`, { mode: 0o644 });
  await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(sshDir, 'host_ed25519')]);
  writeFileSync(join(sshDir, 'authorized_keys'), '', { mode: 0o644 });

  const config = (extra: string): string =>
    [
      `ListenAddress ${far}`,
      'Port 22',
      `HostKey ${join(sshDir, 'host_ed25519')}`,
      'PidFile none',
      `AuthorizedKeysFile ${join(sshDir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      // The bridge needs only exec: a box that allows nothing else must still work.
      'DisableForwarding yes',
      'AllowStreamLocalForwarding no',
      'LogLevel VERBOSE',
      extra,
    ].join('\n') + '\n';
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const startSshd = async (extra: string): Promise<ChildProcess> => {
    writeFileSync(join(sshDir, 'sshd_config'), config(extra), { mode: 0o644 });
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, '/usr/sbin/sshd', '-D', '-e', '-f', join(sshDir, 'sshd_config')],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.resume();
    await waitFor(
      async () => (await rig.exec(ns, 'ss', ['-Htln'])).includes(`${far}:22`),
      10_000,
      'sshd to listen',
    );
    return child;
  };
  const service = spawnService(paths, ns);
  // A box that fails half-made (no sshd on the machine, say) must not leave its service
  // running: its child handle would keep this test file's process, and the whole run, alive.
  const removeUser = (): void => {
    rmSync(tsxCache, { recursive: true, force: true });
    spawnSync('userdel', ['-r', '-f', user], { stdio: 'ignore' });
    rmSync(runDir, { recursive: true, force: true });
  };
  let sshd: ChildProcess;
  try {
    await ready(service, paths);
    sshd = await startSshd('');
  } catch (e) {
    await service.stop('SIGKILL');
    removeUser();
    throw e;
  }
  const box: Box = {
    ns,
    link,
    address: { user: user as SshUser, host: far as SshHost, port: 22 as Port },
    user,
    password,
    sshDir,
    paths,
    bridgeCommand: [
      process.execPath,
      '--import',
      join(CHECKOUT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs'),
      join(CHECKOUT, 'main', 'cli.ts'),
      'bridge',
      '--socket',
      paths.socket,
      '--config',
      paths.config,
    ],
    service,
    sshd,
    async restartSshd(extra = '') {
      await stop(box.sshd);
      box.sshd = await startSshd(extra);
    },
    async restartService() {
      await box.service.stop();
      box.service = spawnService(paths, ns);
      await ready(box.service, paths);
    },
    async cleanup() {
      await stop(box.sshd);
      await box.service.stop('SIGKILL');
      removeUser();
    },
  };
  return box;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
}

/** The next host number on each box's LAN; absent until the box's first client makes the LAN. */
const lanHosts = new WeakMap<Box, number>();

/**
 * A real WireGuard client of the box, brought up with `conf`, on a LAN of the
 * box's own: a bridge at 192.0.2.1/24 (the servers' public endpoint) that
 * every client joins from its own namespace at 192.0.2.<n>, as devices of one
 * network reach a real server. The rig's cleanup stops the client's
 * wireguard-go daemon by pid and deletes its namespace, also on failure.
 */
export async function boxClient(rig: Rig, box: Box, conf: string): Promise<string> {
  const bridge = `${box.ns}br`;
  const host = lanHosts.get(box) ?? 2;
  lanHosts.set(box, host + 1);
  if (host === 2) {
    await rig.exec(box.ns, 'ip', ['link', 'add', bridge, 'type', 'bridge']);
    await rig.exec(box.ns, 'ip', ['address', 'add', '192.0.2.1/24', 'dev', bridge]);
    await rig.exec(box.ns, 'ip', ['link', 'set', bridge, 'up']);
  }
  const ns = await rig.namespace(`lp${host}`);
  const [near, far] = [`${ns}a`, `${ns}b`];
  await sh('ip', [
    'link',
    'add',
    near,
    'netns',
    box.ns,
    'type',
    'veth',
    'peer',
    'name',
    far,
    'netns',
    ns,
  ]);
  await rig.exec(box.ns, 'ip', ['link', 'set', near, 'master', bridge, 'up']);
  await rig.exec(ns, 'ip', ['address', 'add', `192.0.2.${host}/24`, 'dev', far]);
  await rig.exec(ns, 'ip', ['link', 'set', far, 'up']);
  await clientUp(rig, ns, rig.name(`lpw${host}`), conf);
  return ns;
}
