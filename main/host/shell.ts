import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { CommandOutput } from './exec';
import { stderrSummary } from './redact';
import { fixedEnv } from './tools';

/** Output kept per stream: enough for an error message, bounded whatever a hook prints. */
const MAX_OUTPUT = 64 * 1024;
/**
 * After the shell exits, how long to wait for its pipes to close. A hook may
 * leave a process in the background (`PostUp = some-daemon &` is common); that
 * process holds the pipes open for as long as it lives, and waiting for it
 * would turn a finished hook into a timeout.
 */
const DRAIN_MS = 200;

/**
 * Runs `argv` (a shell and its script, maybe behind `ip netns exec`) in a
 * process group of its own, so a timeout kills the shell and everything it
 * started, not only the shell: execFile's timeout signals one pid, and an
 * orphaned `sleep` would keep the pipes, and so the caller, waiting. Processes
 * still running when the shell has exited are left alone, as wg-quick leaves them.
 */
export function runInGroup(
  file: string,
  argv: readonly string[],
  what: string,
  timeoutMs: number,
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    // stdin is /dev/null: nothing ever waits for input. cwd "/": the helper's
    // own working directory says nothing about where a hook should run.
    const child = spawn(file, argv, {
      env: fixedEnv(),
      cwd: '/',
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out = collect(child.stdout);
    const errOut = collect(child.stderr);
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    let drain: NodeJS.Timeout | undefined;

    const settle = (error?: AppError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      // Keep reading (and dropping) what a background process still writes, so
      // it never dies of SIGPIPE, without keeping this process alive for it.
      for (const s of [child.stdout, child.stderr]) (s as Partial<{ unref(): void }>).unref?.();
      if (error !== undefined) return reject(error);
      const result = { stdout: out.text(), stderr: errOut.text() };
      if (exit === undefined) return reject(new AppError('Internal', `${what}: no exit status`));
      const failure = toError(what, exit, result.stderr, timedOut, timeoutMs);
      if (failure === undefined) resolve(result);
      else reject(failure);
    };

    child.on('error', (e: NodeJS.ErrnoException) => {
      settle(
        new AppError(
          'CommandFailed',
          `${what} could not be started (${e.code ?? e.message}): is /bin/sh installed?`,
        ),
      );
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      drain = setTimeout(() => settle(), DRAIN_MS);
    });
    child.on('close', () => settle());
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // A negative pid signals the whole group; `detached` made the child its leader.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

function collect(stream: Readable): { text(): string } {
  let kept = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (kept.length < MAX_OUTPUT) kept += chunk.slice(0, MAX_OUTPUT - kept.length);
  });
  return { text: () => kept };
}

function toError(
  what: string,
  exit: { code: number | null; signal: NodeJS.Signals | null },
  stderr: string,
  timedOut: boolean,
  timeoutMs: number,
): AppError | undefined {
  if (timedOut) return new AppError('Timeout', `${what} did not finish within ${timeoutMs} ms`);
  if (exit.code === 0) return undefined;
  const status = exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  const detail = stderrSummary(stderr);
  return new AppError('CommandFailed', `${what} failed (${status})${detail ? `: ${detail}` : ''}`);
}
