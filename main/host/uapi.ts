// The monitor's dump without a process, where every interface is wireguard-go
// (issue 17). For a userspace interface, `wg show all dump` is `wg` asking
// wireguard-go's control socket and printing the answer; starting `wg`
// (through `ip netns exec`) is most of a small server's poll. Asking the
// sockets here gives the same read model. Where the kernel module is loaded
// an interface may have no socket, so `wg` stays the way (local.ts decides).
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { AppError } from '../../shared/errors';
import { parseInterfaceName } from '../../shared/validate/names';
import { parseUapi, type ObservedInterface } from '../wireguard';
import { UAPI_DIR } from './links';

/** Present while the kernel's WireGuard is loaded: then only `wg` (netlink) sees every interface. */
const KERNEL_MODULE = '/sys/module/wireguard';
const SUFFIX = '.sock';
const TIMEOUT_MS = 5_000;

/** Whether the control sockets answer for every WireGuard interface there can be. */
export function userspaceOnly(): boolean {
  return !existsSync(KERNEL_MODULE);
}

/**
 * Every interface with a control socket in `dir`, as `wg show all dump`
 * lists them (the directory is not per network namespace; nor is wg's list).
 */
export async function readUapiAll(dir = UAPI_DIR): Promise<Map<string, ObservedInterface>> {
  const out = new Map<string, ObservedInterface>();
  const files = await readdir(dir).catch(() => []);
  for (const file of files.filter((f) => f.endsWith(SUFFIX)).sort()) {
    const name = parseInterfaceName(file.slice(0, -SUFFIX.length), 'interface');
    // A name we refuse is someone else's interface (see parseDumpAll): skipped.
    if (!name.ok) continue;
    const text = await ask(`${dir}/${file}`);
    // A socket left by a daemon that is gone: `wg` skips it too.
    if (text !== null) out.set(name.value, parseUapi(name.value, text));
  }
  return out;
}

/** The socket's answer to get=1, or null when nothing listens on it. */
function ask(path: string): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = createConnection(path);
    socket.setTimeout(TIMEOUT_MS, () =>
      socket.destroy(new AppError('CommandFailed', `${path} did not answer in time`)),
    );
    socket.on('connect', () => socket.end('get=1\n\n'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') resolve(null);
      else
        reject(e instanceof AppError ? e : new AppError('CommandFailed', `${path}: ${e.message}`));
    });
  });
}
