import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Secrets reach `wg` through a file it reads, never through argv (which every
 * user can read in /proc). /dev/stdin does not work for this: Node's child
 * stdio is a socketpair, and wg's fopen() of a socket fails with ENXIO. So the
 * secret goes into a fresh 0700 directory as a 0600 file that lives only for
 * the one command, under /run (tmpfs, never hits disk) when we can write there.
 */
export async function withSecretFile<T>(
  content: string,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(await secretBase(), 'wgdesk-'));
  try {
    const path = join(dir, 'secret');
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let base: string | undefined;

async function secretBase(): Promise<string> {
  if (base !== undefined) return base;
  try {
    await rm(await mkdtemp('/run/wgdesk-probe-'), { recursive: true });
    base = '/run';
  } catch {
    base = tmpdir();
  }
  return base;
}
