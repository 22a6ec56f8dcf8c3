import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './browser';

const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url));

/**
 * `wgdesk serve` from the source tree, inside a network namespace, so the
 * servers it creates live there and nowhere else. Stopped by its pid.
 */
export interface ServeProcess {
  /** The URL it printed, with the token in the fragment. */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startServe(ns: string, dataDir: string): Promise<ServeProcess> {
  const child: ChildProcess = spawn(
    'ip',
    [
      'netns',
      'exec',
      ns,
      process.execPath,
      '--import',
      'tsx',
      CLI,
      'serve',
      '--port',
      '7420',
      '--data-dir',
      dataDir,
    ],
    {
      env: { ...process.env, WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
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
