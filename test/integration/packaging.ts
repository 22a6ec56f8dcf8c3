/**
 * The installed deb/rpm, as far as it can be had here: the bundles built as `npm run
 * dist` builds them, /opt/wgdesk laid out from electron-builder.cjs (the same layout the
 * packaging check knows), and a private mount namespace in which that layout is /opt and
 * /etc, /var/lib and /usr/share are overlays, so that the package's own scripts can run
 * as they would after `apt install` while the machine is left alone.
 *
 * Stand-ins, because the real thing cannot run here: node for the Electron binary
 * (which cannot be downloaded; in Node mode it is a node), and a fake `systemctl` that
 * records its arguments (systemd is not PID 1 on these machines).
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  appDir,
  loadConfig,
  packageLayout,
  ROOT,
  type PackagingConfig,
} from '../../scripts/packaging/config';

const run = promisify(execFile);

/** `npm run build` into `dir`/dist; returns `dir`, the build root the packaging check takes. */
export async function buildBundles(dir: string): Promise<string> {
  await run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', join(dir, 'dist')], {
    cwd: ROOT,
    timeout: 120_000,
  });
  return dir;
}

/** What the deb installs under /opt, copied into `opt` (to be mounted on /opt). */
export function stageOpt(config: PackagingConfig, buildRoot: string, opt: string): void {
  const app = appDir(config);
  for (const [path, source] of packageLayout(config, config.deb, buildRoot)) {
    if (!path.startsWith(`${app}/`)) continue;
    const target = join(opt, path.slice('/opt/'.length));
    mkdirSync(dirname(target), { recursive: true });
    if (source !== null) copyFileSync(source, target);
    else if (path === `${app}/${config.linux.executableName}`)
      symlinkSync(process.execPath, target);
    else writeFileSync(target, '');
  }
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What the fake systemctl was asked, one call a line. */
  readonly systemctl: readonly string[];
}

/**
 * A machine with the package's files, kept in `dir` between calls: each call mounts the
 * same overlays again, so one call sees what the previous one changed.
 */
export class InstalledMachine {
  readonly #dir: string;
  readonly #opt: string;
  readonly #bin: string;
  readonly #log: string;

  private constructor(dir: string) {
    this.#dir = dir;
    this.#opt = join(dir, 'opt');
    this.#bin = join(dir, 'fake-bin');
    this.#log = join(dir, 'systemctl.log');
    for (const d of OVERLAID) {
      mkdirSync(join(dir, 'upper', d), { recursive: true });
      mkdirSync(join(dir, 'work', d), { recursive: true });
    }
    mkdirSync(this.#bin);
    const fake = join(this.#bin, 'systemctl');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$*" >>'${this.#log}'\n`);
    chmodSync(fake, 0o755);
  }

  static async create(dir: string, buildRoot: string): Promise<InstalledMachine> {
    const machine = new InstalledMachine(dir);
    stageOpt(await loadConfig(), buildRoot, machine.#opt);
    return machine;
  }

  /** The file as the machine's overlay holds it (only what the scripts wrote or changed). */
  changed(path: string): string {
    return join(this.#dir, 'upper', path.replace(/^\//, ''));
  }

  /**
   * `argv` run inside the machine as root. `systemd`: whether /run/systemd/system
   * exists, the scripts' test for a running systemd.
   */
  async run(
    argv: readonly string[],
    opts: { readonly env?: Readonly<Record<string, string>>; readonly systemd?: boolean } = {},
  ): Promise<Outcome> {
    writeFileSync(this.#log, '');
    const mounts = [
      'set -e',
      ...OVERLAID.map(
        (d) =>
          `mount -t overlay overlay -o lowerdir=/${d},upperdir=${this.#dir}/upper/${d},workdir=${this.#dir}/work/${d} /${d}`,
      ),
      `mount --bind ${this.#opt} /opt`,
      'mount -t tmpfs tmpfs /run',
      opts.systemd === true ? 'mkdir -p /run/systemd/system' : ':',
      'exec "$@"',
    ].join('\n');
    const env = { PATH: `${this.#bin}:/usr/sbin:/usr/bin:/sbin:/bin`, ...opts.env };
    const args = ['--mount', '--propagation', 'private', '/bin/sh', '-c', mounts, 'sh', ...argv];
    let outcome: { code: number; stdout: string; stderr: string };
    try {
      outcome = { code: 0, ...(await run('unshare', args, { env, timeout: 60_000 })) };
    } catch (e) {
      const failed = e as { code?: unknown; stdout?: string; stderr?: string };
      outcome = {
        code: typeof failed.code === 'number' ? failed.code : -1,
        stdout: failed.stdout ?? '',
        stderr: failed.stderr ?? '',
      };
    }
    const systemctl = readFileSync(this.#log, 'utf8').split('\n').filter(Boolean);
    return { ...outcome, systemctl };
  }
}

/** Where the package scripts write; /run is a fresh tmpfs each call. */
const OVERLAID = ['etc', 'var/lib', 'usr/share'];
