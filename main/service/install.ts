// Installing the service from a source checkout (packages install their own
// unit through their package scripts). Root will run this checkout's code at
// every boot, so the checkout must be root's: a tree another user can edit
// would be a way to root.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';
import { requireTrusted } from '../host/strict';
import { readAdmins } from './admins';
import { ServiceClient } from './client';

const run = promisify(execFile);

export const UNIT_PATH = '/etc/systemd/system/wgdesk.service';

/** The checkout this code runs from (main/service/ → the repository). */
const CHECKOUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface InstallPaths {
  readonly dataDir: string;
  readonly socket: string;
  readonly config: string;
  readonly admins: string;
}

/**
 * The packaged unit with ExecStart pointing at this checkout: the same
 * hardening and directories, node with tsx instead of the bundled app.
 */
export function sourceUnit(template: string, checkout: string, node: string): string {
  const exec =
    `ExecStart=${node} --import ${join(checkout, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')} ` +
    `${join(checkout, 'main', 'cli.ts')} service`;
  if (!/^ExecStart=.*$/m.test(template)) {
    throw new AppError('Internal', 'the unit template has no ExecStart line');
  }
  return template.replace(/^ExecStart=.*$/m, exec);
}

export async function installService(paths: InstallPaths): Promise<object> {
  if (process.getuid?.() !== 0) throw new AppError('PermissionDenied', 'installing needs root');
  requireTrusted([
    CHECKOUT,
    join(CHECKOUT, 'main'),
    join(CHECKOUT, 'shared'),
    join(CHECKOUT, 'node_modules'),
  ]);
  const template = readFileSync(join(CHECKOUT, 'packaging', 'wgdesk.service'), 'utf8');
  writeFileSync(UNIT_PATH, sourceUnit(template, CHECKOUT, process.execPath), { mode: 0o644 });
  mkdirSync(dirname(paths.config), { recursive: true, mode: 0o755 });
  if (!existsSync(paths.config)) {
    // The same default policy the packages install (scripts off, no browser UI).
    const conf = readFileSync(join(CHECKOUT, 'packaging', 'wgdesk.conf'), 'utf8');
    writeFileSync(paths.config, conf, { mode: 0o644 });
  }
  // The admin who installs it can use it at once (an ACL on the socket, no new login).
  const installer = await installingUser();
  const admins = readAdmins(paths.admins);
  if (installer !== undefined && installer !== 'root' && !admins.includes(installer)) {
    writeFileSync(paths.admins, `${[...admins, installer].join('\n')}\n`, { mode: 0o644 });
  }
  const systemd = existsSync('/run/systemd/system');
  if (systemd) {
    await run('systemctl', ['daemon-reload']);
    await run('systemctl', ['enable', '--now', 'wgdesk.service']);
  }
  return {
    unit: UNIT_PATH,
    started: systemd,
    ...(systemd ? {} : { note: 'systemd is not running here: start `wgdesk service` yourself' }),
  };
}

export async function uninstallService(): Promise<object> {
  if (process.getuid?.() !== 0) throw new AppError('PermissionDenied', 'uninstalling needs root');
  if (existsSync('/run/systemd/system')) {
    await run('systemctl', ['disable', '--now', 'wgdesk.service']).catch(() => undefined);
  }
  rmSync(UNIT_PATH, { force: true });
  if (existsSync('/run/systemd/system')) await run('systemctl', ['daemon-reload']);
  // The data stays: servers, peers and history outlive an uninstall, as with any daemon.
  return { removed: UNIT_PATH, kept: 'the data directory and /etc/wgdesk' };
}

/** Whether the unit is installed and the service answers on its socket. */
export async function serviceStatus(socket: string): Promise<object> {
  const installed = existsSync(UNIT_PATH) || existsSync('/usr/lib/systemd/system/wgdesk.service');
  try {
    const client = await ServiceClient.connect({ path: socket, client: 'wgdesk-cli' });
    const service = client.service;
    await client.close();
    return { installed, running: true, socket, version: service };
  } catch (e) {
    return {
      installed,
      running: false,
      socket,
      problem: e instanceof AppError ? e.message : String(e),
    };
  }
}

/** Who asked for root: sudo says it by name, pkexec (the window's offer) by uid. */
async function installingUser(): Promise<string | undefined> {
  const byName = process.env['SUDO_USER'];
  if (byName !== undefined) return byName;
  const uid = process.env['PKEXEC_UID'];
  if (uid === undefined || !/^[0-9]+$/.test(uid)) return undefined;
  try {
    return (await run('id', ['-nu', uid])).stdout.trim();
  } catch {
    return undefined;
  }
}
