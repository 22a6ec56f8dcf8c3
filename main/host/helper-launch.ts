/**
 * How the app starts the privileged helper. These are pure functions that build
 * a command line; HelperHost runs it.
 *
 * - direct: the helper as a plain child process, when main already runs as
 *   root (a router box) and in tests.
 * - pkexec (Linux): the polkit agent asks for the password once, in a window,
 *   then pkexec execs the helper in its own place, so the helper keeps our
 *   stdin/stdout pipes and the long-lived protocol runs over them.
 *   @vscode/sudo-prompt cannot do that: it runs a command through a shell and
 *   hands back the output once the command has ended.
 * - sudo-prompt (macOS, Windows): not wired yet. A later issue starts the helper
 *   through @vscode/sudo-prompt and has it connect back to the app.
 */
import { isAbsolute } from 'node:path';
import { AppError } from '../../shared/errors';

export type LaunchStrategy = 'direct' | 'pkexec' | 'sudo-prompt';

/** What to run: node (or a node-compatible runtime) with the helper entry. */
export interface HelperProgram {
  /** Absolute path of the runtime, e.g. process.execPath. */
  readonly node: string;
  /** Runtime flags before the entry: ['--import', 'tsx'] in development, none for the bundle. */
  readonly nodeArgs: readonly string[];
  /**
   * Absolute path of main/helper/main.ts or the bundled helper. It runs as root,
   * so in an installed app it must live where only root can write (the package's
   * directory): whoever can edit this file owns the machine.
   */
  readonly entry: string;
  /** Run every command inside this network namespace (validated by the helper). */
  readonly netns?: string;
  /**
   * Read wg-quick files from this directory instead of /etc/wireguard
   * (validated by the helper). For tests: the app never sets it.
   */
  readonly confDir?: string;
  /**
   * Read root's policy (whether hooks may run) from this file instead of
   * /etc/wgdesk/wgdesk.conf (validated by the helper). For tests: the app never sets it.
   */
  readonly configFile?: string;
}

/** pkexec's fixed location on the distributions we package for. */
export const PKEXEC = '/usr/bin/pkexec';

export function chooseStrategy(platform: NodeJS.Platform, uid: number | undefined): LaunchStrategy {
  if (uid === 0) return 'direct';
  return platform === 'linux' ? 'pkexec' : 'sudo-prompt';
}

export function directArgv(program: HelperProgram): string[] {
  // Absolute paths only: a relative one would be found through the cwd or PATH,
  // which decide nothing about what runs as root.
  for (const [what, path] of [
    ['the helper runtime', program.node],
    ['the helper entry', program.entry],
  ] as const) {
    if (!isAbsolute(path)) {
      throw new AppError('Internal', `${what} must be an absolute path: ${path}`);
    }
  }
  const netns = program.netns === undefined ? [] : ['--netns', program.netns];
  const confDir = program.confDir === undefined ? [] : ['--conf-dir', program.confDir];
  const config = program.configFile === undefined ? [] : ['--config', program.configFile];
  return [program.node, ...program.nodeArgs, program.entry, ...netns, ...confDir, ...config];
}

/**
 * pkexec replaces the environment with a minimal one and changes directory to
 * root's home, so nothing may depend on either: the runtime flags must name
 * files absolutely (a bare `--import tsx` would not resolve there), and a
 * runtime that needs a variable (Electron's ELECTRON_RUN_AS_NODE) must get it
 * from the command line. `--disable-internal-agent`: without a graphical polkit
 * agent, fail with pkexec's message instead of prompting on a terminal the
 * desktop app does not have.
 */
export function pkexecArgv(program: HelperProgram, pkexec = PKEXEC): string[] {
  return [pkexec, '--disable-internal-agent', ...directArgv(program)];
}
