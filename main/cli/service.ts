// `wgdesk service …`: run the daemon (what the systemd unit starts), install
// it from a source checkout, say how it is doing, and change what only root
// decides (scripts, the admins list).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, invalidInput } from '../../shared/errors';
import { DEFAULT_CONFIG_FILE, withSetting } from '../host/policy';
import { DEFAULT_ADMINS_FILE, readAdmins } from '../service/admins';
import { startService } from '../service/daemon';
import { installService, serviceStatus, uninstallService } from '../service/install';
import { DEFAULT_SOCKET } from '../service/local-api';
import { servicePidIn } from '../runtime';
import { ServiceClient } from '../service/client';
import { fail, printJson, type Outcome } from './output';

const DEFAULT_DATA_DIR = '/var/lib/wgdesk';

export async function serviceCommand(argv: readonly string[]): Promise<Outcome> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        socket: { type: 'string' },
        config: { type: 'string' },
        admins: { type: 'string' },
        netns: { type: 'string' },
        'poll-interval': { type: 'string' },
      },
    });
  } catch (e) {
    return fail(invalidInput('arguments', e instanceof Error ? e.message : String(e)).toWire());
  }
  const { values: v, positionals } = parsed;
  const paths = {
    dataDir: v['data-dir'] ?? DEFAULT_DATA_DIR,
    socket: v.socket ?? DEFAULT_SOCKET,
    config: v.config ?? DEFAULT_CONFIG_FILE,
    admins: v.admins ?? DEFAULT_ADMINS_FILE,
  };
  const [verb, ...rest] = positionals;
  try {
    switch (verb) {
      case undefined:
      case 'run':
        return await run({
          ...paths,
          ...(v.netns === undefined ? {} : { netns: v.netns }),
          ...(v['poll-interval'] === undefined
            ? {}
            : { pollIntervalMs: pollMs(v['poll-interval']) }),
        });
      case 'install':
        return printed(await installService(paths));
      case 'uninstall':
        return printed(await uninstallService());
      case 'status':
        return printed(await serviceStatus(paths.socket));
      case 'url':
        return await browserUrl(paths.socket);
      case 'scripts':
        return setScripts(paths.config, rest);
      case 'admins':
        return await changeAdmins(paths, rest);
      default:
        return fail(invalidInput('arguments', `unknown service command ${verb}`).toWire());
    }
  } catch (e) {
    if (e instanceof AppError) return fail(e.toWire());
    throw e;
  }
}

async function run(opts: Parameters<typeof startService>[0]): Promise<Outcome> {
  const service = await startService(opts);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void service.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.on('SIGHUP', () => {
      service.reload().catch((e: unknown) => {
        process.stderr.write(`[wgdesk] reload failed: ${String(e)}\n`);
      });
    });
  });
  return { exitCode: 0 };
}

/** The browser UI's address with its token, asked of the running service (root and its admins). */
async function browserUrl(socket: string): Promise<Outcome> {
  const client = await ServiceClient.connect({ path: socket, client: 'wgdesk-cli' });
  try {
    const r = await client.call('system.browserUrl', {});
    if (!r.ok) return fail(r.error);
    const { url, reason } = r.value as { url: string | null; reason: string | null };
    if (url === null) return fail({ kind: 'Conflict', message: reason ?? 'no browser UI' });
    const port = new URL(url).port;
    process.stderr.write(
      `wgdesk: from another machine: ssh -L ${port}:127.0.0.1:${port} THIS-HOST, then open:\n`,
    );
    process.stdout.write(`${url}\n`);
    return { exitCode: 0 };
  } finally {
    await client.close();
  }
}

function pollMs(text: string): number {
  const s = Number(text);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text) || s < 0.25 || s > 60) {
    throw invalidInput('poll-interval', `must be a number of seconds from 0.25 to 60, not ${text}`);
  }
  return Math.round(s * 1000);
}

function printed(value: unknown): Outcome {
  printJson(value);
  return { exitCode: 0 };
}

function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) throw new AppError('PermissionDenied', `${what} needs root`);
}

function setScripts(config: string, rest: readonly string[]): Outcome {
  requireRoot('changing the scripts switch');
  const [value] = rest;
  if ((value !== 'on' && value !== 'off') || rest.length !== 1) {
    throw invalidInput('arguments', 'wgdesk service scripts takes on or off');
  }
  writeRootFile(config, withSetting(readOr(config, ''), 'scripts', value === 'on'));
  process.stderr.write(
    `wgdesk: interface scripts are ${value} (${config}); it applies to the next up or down\n`,
  );
  return { exitCode: 0 };
}

async function changeAdmins(
  paths: { admins: string; socket: string; dataDir: string },
  rest: readonly string[],
): Promise<Outcome> {
  requireRoot('changing the admins list');
  const [how, name] = rest;
  if ((how !== 'add' && how !== 'remove') || name === undefined || rest.length !== 2) {
    throw invalidInput('arguments', 'wgdesk service admins takes add|remove USER');
  }
  const current = readAdmins(paths.admins);
  const next = how === 'add' ? [...new Set([...current, name])] : current.filter((n) => n !== name);
  writeRootFile(paths.admins, `${next.join('\n')}\n`);
  readAdmins(paths.admins); // refuses a name that is not one, before the service sees it
  // The running service applies it to its socket at once (it re-reads on SIGHUP).
  const reloaded = signalService(paths.dataDir);
  process.stderr.write(
    `wgdesk: admins: ${next.join(', ') || '(root only)'}${reloaded ? '' : ' (the service is not running)'}\n`,
  );
  return { exitCode: 0 };
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Root's configuration: 0644 in a 0755 directory, never group or other writable. */
function writeRootFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  writeFileSync(path, text, { mode: 0o644 });
  chmodSync(path, 0o644);
}

/** Asks a running service to re-read its admins (systemd's reload sends the same SIGHUP). */
function signalService(dataDir: string): boolean {
  const pid = servicePidIn(dataDir);
  if (pid === null) return false;
  process.kill(pid, 'SIGHUP');
  return true;
}
