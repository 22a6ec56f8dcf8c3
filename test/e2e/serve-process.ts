import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './browser';

const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url));

/** The uid/gid of `nobody`: a serve started by someone who is not root. */
const NOBODY = 65534;

/**
 * `wgdesk serve` from the source tree, inside a network namespace, so the
 * servers it creates live there and nowhere else. Stopped by its pid.
 */
export interface ServeProcess {
  /** The URL it printed, with the token in the fragment. */
  readonly url: string;
  /** What it wrote to stderr so far (the commands it ran, warnings). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startServe(
  ns: string,
  dataDir: string,
  opts: {
    port?: number;
    asNobody?: boolean;
    /** Revoke the token kept in the data directory: pages that hold it are refused. */
    newToken?: boolean;
    /**
     * A directory serve sees as /etc/wireguard: bind-mounted over it in the
     * private mount namespace `ip netns exec` gives serve (and gone with it),
     * so the machine's own /etc/wireguard is neither read nor written. That
     * directory must exist, as the mount point.
     */
    confDir?: string;
    /**
     * Programs serve must not find, e.g. /usr/bin/wg for a host without
     * wireguard-tools: each is covered by an empty file that cannot be run,
     * in the same private mount namespace, so the machine keeps its own.
     */
    hide?: readonly string[];
    /** An empty file to cover `hide` with (its mode is made 0644 here). */
    emptyFile?: string;
    /** `--boxes`: the page also manages other machines over SSH. */
    boxes?: boolean;
    /** Told serve's pid as soon as it is spawned (the memory bench samples it from then on). */
    onSpawn?: (pid: number) => void;
    /**
     * A built CLI bundle (dist/app/cli.mjs) to run under bare node, as the
     * package runs it, instead of the source tree under tsx (whose loader
     * thread the memory bench must not count as serve's).
     */
    bundle?: string;
  } = {},
): Promise<ServeProcess> {
  const serveArgs = [
    process.execPath,
    ...(opts.bundle === undefined ? ['--import', 'tsx', CLI] : [opts.bundle]),
    'serve',
    '--port',
    String(opts.port ?? 7420),
    '--data-dir',
    dataDir,
    ...(opts.newToken === true ? ['--new-token'] : []),
    ...(opts.boxes === true ? ['--boxes'] : []),
  ];
  let env: NodeJS.ProcessEnv = {
    ...process.env,
    WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1',
  };
  let prefix: string[] = [];
  if (opts.asNobody === true) {
    // As a normal user would start it: no root, so no way to change WireGuard.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownSync(dataDir, NOBODY, NOBODY);
    prefix = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];
    env = { ...env, HOME: dataDir };
  }
  const binds: string[] = [];
  if (opts.confDir !== undefined) binds.push(opts.confDir, '/etc/wireguard');
  if (opts.hide !== undefined && opts.hide.length > 0) {
    if (opts.emptyFile === undefined) throw new Error('hide needs an emptyFile to cover with');
    writeFileSync(opts.emptyFile, '');
    chmodSync(opts.emptyFile, 0o644);
    for (const path of opts.hide) binds.push(opts.emptyFile, path);
  }
  if (binds.length > 0) {
    // Before setpriv: mounting needs root. Paths are arguments (source, target
    // pairs up to "--"), never part of the script; any failed mount stops serve.
    const script =
      'while [ "$1" != -- ]; do mount --bind "$1" "$2" || exit 1; shift 2; done; shift; exec "$@"';
    prefix = ['sh', '-c', script, 'sh', ...binds, '--', ...prefix];
  }
  // ip netns exec, sh, setpriv and node each exec the next: the pid is serve's.
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, ...prefix, ...serveArgs], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`wgdesk serve printed no URL in 60 s:\n${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wgdesk serve exited with ${code ?? 'a signal'}:\n${stderr}`));
    });
  });
  return {
    url,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
          return resolve();
        // It saves the minute in progress and closes the database; give it time, then insist.
        const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(hard);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A launcher that starts Debian's Chromium inside the namespace, so the page reaches serve's loopback. */
export function chromiumInNamespace(dir: string, ns: string): string {
  const path = join(dir, 'chromium-in-ns');
  writeFileSync(path, `#!/bin/sh\nexec ip netns exec ${ns} ${CHROMIUM} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
