import { execFile } from 'node:child_process';
import { AppError } from '../../shared/errors';
import type { ShellScript } from './hook';
import { stderrSummary } from './redact';
import { withSecretFile } from './secret-file';
import { runInGroup } from './shell';
import { fixedEnv, requireTool, type Tool, type ToolPaths } from './tools';

/** Stands in an argument list for the path of the command's secret file. */
export const SECRET_FILE = Symbol('secret file');

/** One command to run: a tool from the allowlist and an argument array, never a shell string. */
export interface Command {
  readonly tool: Tool;
  readonly args: readonly (string | typeof SECRET_FILE)[];
  /** Key material: written to a 0600 file whose path replaces SECRET_FILE; never in argv or logs. */
  readonly secret?: string;
  readonly timeoutMs?: number;
  /**
   * Called once the process is started (issue 17): a bulk create writes its
   * rows while `wg addconf` works, instead of one after the other.
   */
  readonly started?: () => void;
  /**
   * Start it in a session of its own (`setsid`), working in /: for a daemon
   * that must outlive every process of ours. Without this, wireguard-go's
   * daemon stays in our process group and session, and a Ctrl-C in the
   * terminal that started wgdesk (or a signal to our group) takes the tunnel
   * down with us.
   */
  readonly detached?: true;
}

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** What a command wrote to stdout, as bytes: for output parsed in place (`wg show all dump`). */
export interface CommandBytes {
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Receives one line per command run, in the style of wg-quick's `[#] ip link add …`. */
export type CommandLogger = (line: string) => void;

/**
 * A command log for people: every command that changes something, none of
 * the reads the poll makes every second (they would drown the rest).
 */
export function changesOnly(write: (line: string) => void): CommandLogger {
  return (line) => {
    if (!/^\[#\] (wg show |ip -j address show|ip -d -j link show)/.test(line)) write(line);
  };
}

export interface RunnerOptions {
  readonly tools: ToolPaths;
  /** Run every command inside this network namespace (`ip netns exec`): router setups and tests. */
  readonly netns?: string;
  readonly log?: CommandLogger;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// `wg show all dump` is ~85 bytes per peer: 64 MiB covers the 65,536-peer ceiling
// of wireguard-go on many interfaces (execFile's 1 MiB default fails at ~12k peers).
const MAX_BUFFER = 64 * 1024 * 1024;
const NETNS_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
// By absolute path, like every tool: PATH must not choose what runs as root.
const SHELL = '/bin/sh';

export class Runner {
  readonly #tools: ToolPaths;
  readonly #netns: string | undefined;
  readonly #log: CommandLogger;
  #spawns = 0;

  constructor(options: RunnerOptions) {
    if (options.netns !== undefined && !NETNS_NAME.test(options.netns)) {
      throw new AppError(
        'InvalidInput',
        `network namespace name ${JSON.stringify(options.netns)} is not valid`,
        'netns',
      );
    }
    this.#tools = options.tools;
    this.#netns = options.netns;
    this.#log = options.log ?? (() => undefined);
  }

  /** How many processes this runner has started: tests prove bad input spawns none. */
  get spawns(): number {
    return this.#spawns;
  }

  /**
   * A line in the command log for root's work that runs no command (reading
   * the configuration directory), so the log still shows everything done.
   */
  note(line: string): void {
    this.#log(line);
  }

  has(tool: Tool): boolean {
    return this.#tools[tool] !== undefined;
  }

  async run(command: Command): Promise<CommandOutput> {
    const { stdout, stderr } = await this.runForBytes(command);
    return { stdout: stdout.toString('utf8'), stderr };
  }

  /**
   * run, with stdout left as bytes (issue 17): the monitor's dump, decoded,
   * was a string of up to 7.5 MB a poll on V8's heap (see dump-fields.ts).
   */
  async runForBytes(command: Command): Promise<CommandBytes> {
    const path = requireTool(this.#tools, command.tool);
    const usesSecret = command.args.includes(SECRET_FILE);
    if (usesSecret !== (command.secret !== undefined)) {
      throw new AppError(
        'Internal',
        `${command.tool}: a secret needs exactly one SECRET_FILE argument`,
      );
    }
    const shown = command.args.map((a) => (a === SECRET_FILE ? '(secret file)' : a));
    this.#log(`[#] ${command.tool} ${shown.join(' ')}`);
    if (command.secret === undefined) return this.#spawn(path, command, shown);
    return withSecretFile(command.secret, (secretPath) =>
      this.#spawn(
        path,
        command,
        command.args.map((a) => (a === SECRET_FILE ? secretPath : a)),
      ),
    );
  }

  /**
   * Runs an admin-authored interface hook as `/bin/sh -c SCRIPT`, as wg-quick
   * does (`eval "$hook"`). This is the one place wgdesk runs a shell, because a
   * hook is by nature a shell command line (pipes, `;`, `$(...)`) that the admin
   * wrote for exactly that; everything else runs allowlisted tools with argument
   * arrays. Only hooks reach it (ShellScript comes from expandHook), and the
   * services ask for hooks only when the admin has turned script execution on.
   */
  runShell(script: ShellScript, what: string, timeoutMs: number): Promise<CommandOutput> {
    this.#log(`[#] ${script}`);
    const [file, argv] =
      this.#netns === undefined
        ? [SHELL, ['-c', script]]
        : [requireTool(this.#tools, 'ip'), ['netns', 'exec', this.#netns, SHELL, '-c', script]];
    this.#spawns += 1;
    return runInGroup(file, argv, what, timeoutMs);
  }

  #spawn(path: string, command: Command, args: readonly string[]): Promise<CommandBytes> {
    // `setsid -w`: execFile's child never leads a process group, so setsid
    // execs in place (the pid, and so the timeout, stay the command's);
    // -w keeps the exit status should it ever have to fork.
    const [first, rest] =
      command.detached === true
        ? [requireTool(this.#tools, 'setsid'), ['-w', path, ...args]]
        : [path, [...args]];
    const [file, argv] =
      this.#netns === undefined
        ? [first, rest]
        : [requireTool(this.#tools, 'ip'), ['netns', 'exec', this.#netns, first, ...rest]];
    this.#spawns += 1;
    return new Promise((resolve, reject) => {
      const child = execFile(
        file,
        argv,
        {
          env: fixedEnv(),
          timeout: command.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          maxBuffer: MAX_BUFFER,
          encoding: 'buffer',
          windowsHide: true,
          // A daemon keeps its working directory: never pin one of ours.
          ...(command.detached === true ? { cwd: '/' } : {}),
        },
        (error, stdout, stderr) => {
          const errors = stderr.toString('utf8');
          if (error) reject(toAppError(command, error, errors));
          else resolve({ stdout, stderr: errors });
        },
      );
      // Nothing is sent on stdin; close it so no tool ever waits for input.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end();
      command.started?.();
    });
  }
}

interface ExecError extends Error {
  code?: string | number | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
}

function toAppError(command: Command, error: ExecError, stderr: string): AppError {
  const what = `${command.tool} ${String(command.args[0] ?? '')}`.trim();
  if (error.code === 'ENOENT') {
    return new AppError(
      'WireGuardUnavailable',
      `${command.tool} could not be started (not installed?)`,
    );
  }
  if (error.killed === true || error.signal === 'SIGTERM') {
    return new AppError('Timeout', `${what} did not finish in time`);
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return new AppError('CommandFailed', `${what} produced more output than wgdesk accepts`);
  }
  const detail = stderrSummary(stderr) || `exit code ${String(error.code)}`;
  if (/Operation not permitted|Permission denied/i.test(stderr)) {
    return new AppError('PermissionDenied', `${what}: ${detail} (wgdesk needs root for this)`);
  }
  return new AppError('CommandFailed', `${what} failed: ${detail}`);
}
