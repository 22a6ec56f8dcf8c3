// The service started exactly as the systemd unit's ExecStart runs it (as
// root, `wgdesk service` in the foreground), inside the test's namespace and
// with the test's own directories. Stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors';
import { ServiceClient } from '../../../main/service/client';
import type { Rig } from '../rig';
import { waitFor } from '../rig';

const CLI = fileURLToPath(new URL('../../../main/cli.ts', import.meta.url));

export interface ServicePaths {
  readonly dataDir: string;
  readonly socket: string;
  readonly config: string;
  readonly admins: string;
}

export function servicePaths(rig: Rig, name = 'svc'): ServicePaths {
  const dir = join(rig.dir, name);
  return {
    dataDir: join(dir, 'data'),
    socket: join(dir, 'run', 'wgdesk.sock'),
    config: join(dir, 'etc', 'wgdesk.conf'),
    admins: join(dir, 'etc', 'admins'),
  };
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `wgdesk service …` as a child process; `ready` waits until its socket welcomes a client. */
export function spawnService(
  paths: ServicePaths,
  ns: string,
  extra: readonly string[] = [],
): ServiceProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'service',
      '--data-dir',
      paths.dataDir,
      '--socket',
      paths.socket,
      '--config',
      paths.config,
      '--admins',
      paths.admins,
      '--netns',
      ns,
      '--poll-interval',
      '0.25',
      ...extra,
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1' },
    },
  );
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    stderr: () => err,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Waits until the service answers on its socket. */
export async function ready(service: ServiceProcess, paths: ServicePaths): Promise<void> {
  await waitFor(
    async () => {
      if (service.child.exitCode !== null) {
        throw new Error(`the service exited (${service.child.exitCode}): ${service.stderr()}`);
      }
      try {
        const c = await ServiceClient.connect({ path: paths.socket, client: 'test' });
        await c.close();
        return true;
      } catch (e) {
        if (e instanceof AppError && e.kind !== 'HostUnreachable') throw e;
        return false;
      }
    },
    30_000,
    'the service to answer',
    100,
  );
}

/** A client of the service, as the desktop window's bridge uses it; closed after the test file. */
export async function connect(paths: ServicePaths): Promise<ServiceClient> {
  return ServiceClient.connect({ path: paths.socket, client: 'wgdesk-test' });
}

/** One call that must succeed; its value. */
export async function call<T = unknown>(
  client: ServiceClient,
  method: string,
  params: unknown,
): Promise<T> {
  const r = await client.call(method, params);
  if (!r.ok) throw new AppError(r.error.kind, `${method}: ${r.error.message}`);
  return r.value as T;
}
