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
import { KeyedQueue } from '../../shared/queue';
import { parseInterfaceName } from '../../shared/validate/names';
import { UapiParser, type ObservedInterface } from '../wireguard';
import { UAPI_DIR, UAPI_TIMEOUT_MS } from './links';

/** Present while the kernel's WireGuard is loaded: then only `wg` (netlink) sees every interface. */
const KERNEL_MODULE = '/sys/module/wireguard';
const SUFFIX = '.sock';

/** Whether the control sockets answer for every WireGuard interface there can be. */
export function userspaceOnly(): boolean {
  return !existsSync(KERNEL_MODULE);
}

/**
 * Every interface with a control socket in `dir`, as `wg show all dump`
 * lists them (the directory is not per network namespace; nor is wg's list).
 */
export function readUapiAll(dir = UAPI_DIR): Promise<Map<string, ObservedInterface>> {
  return new UapiReader(dir).readAll();
}

/** An answer read into one of two buffers kept between polls, and its interface's parser. */
interface Socket {
  readonly parser: UapiParser;
  readonly buffers: [Buffer, Buffer];
  turn: 0 | 1;
  seen: boolean;
}

/** One read of a socket lands in at most this much; the answer buffer grows by doubling. */
const CHUNK = 256 << 10;

/**
 * Reads the sockets poll after poll (issue 17). Each interface's answer is read
 * straight into a buffer kept from poll to poll, not gathered in chunks and
 * copied into a new one, and its parser reads only the peers whose lines
 * changed (wireguard/uapi.ts UapiParser). Two buffers per interface alternate:
 * the parser compares the new answer with the previous one.
 */
export class UapiReader {
  readonly #dir: string;
  readonly #sockets = new Map<string, Socket>();
  readonly #chunk = Buffer.alloc(CHUNK);
  readonly #queue = new KeyedQueue<'read'>();

  constructor(dir = UAPI_DIR) {
    this.#dir = dir;
  }

  /**
   * One read at a time: two at once (the monitor's poll and a drift check)
   * would fill the same interface's buffer from two sockets and flip its
   * turn twice — a torn answer, and a parser comparing with the wrong one.
   */
  readAll(): Promise<Map<string, ObservedInterface>> {
    return this.#queue.run('read', () => this.#readAll());
  }

  /**
   * Its caller keeps nothing of this result of readAll any more (issue 17):
   * each interface's parser takes its part back if it is still its last.
   */
  recycle(dump: ReadonlyMap<string, ObservedInterface>): void {
    for (const [name, iface] of dump) this.#sockets.get(name)?.parser.recycle(iface);
  }

  async #readAll(): Promise<Map<string, ObservedInterface>> {
    const out = new Map<string, ObservedInterface>();
    const files = await readdir(this.#dir).catch(() => []);
    for (const s of this.#sockets.values()) s.seen = false;
    for (const file of files.filter((f) => f.endsWith(SUFFIX)).sort()) {
      const name = parseInterfaceName(file.slice(0, -SUFFIX.length), 'interface');
      // A name we refuse is someone else's interface (see parseDumpAll): skipped.
      if (!name.ok) continue;
      const socket = this.#socket(name.value);
      socket.seen = true;
      const answer = await this.#ask(`${this.#dir}/${file}`, socket);
      // A socket left by a daemon that is gone: `wg` skips it too.
      if (answer === null) continue;
      out.set(name.value, socket.parser.parse(name.value, answer));
      // The parser now compares with this buffer: the next answer goes in the other.
      socket.turn = socket.turn === 0 ? 1 : 0;
    }
    for (const [name, s] of this.#sockets) if (!s.seen) this.#sockets.delete(name);
    return out;
  }

  #socket(name: string): Socket {
    let s = this.#sockets.get(name);
    if (s === undefined) {
      s = {
        parser: new UapiParser(),
        buffers: [Buffer.alloc(0), Buffer.alloc(0)],
        turn: 0,
        seen: true,
      };
      this.#sockets.set(name, s);
    }
    return s;
  }

  /** The socket's answer to get=1 (a view of the socket's current buffer), or null when nothing listens on it. */
  #ask(path: string, s: Socket): Promise<Buffer | null> {
    let filled = 0;
    return new Promise((resolve, reject) => {
      const socket = createConnection({
        path,
        onread: {
          buffer: this.#chunk,
          callback: (n: number, chunk: Uint8Array): boolean => {
            let into = s.buffers[s.turn];
            if (filled + n > into.length) {
              // The other buffer holds the last answer, about this one's size: grown
              // straight to it, the second buffer skips the doublings' garbage.
              const other = s.buffers[s.turn === 0 ? 1 : 0].length;
              const grown = Buffer.allocUnsafe(Math.max(2 * into.length, filled + n, CHUNK, other));
              into.copy(grown, 0, 0, filled);
              into.fill(0); // it held the previous answer's lines
              s.buffers[s.turn] = into = grown;
            }
            into.set(chunk.subarray(0, n), filled);
            filled += n;
            return true;
          },
        },
      });
      socket.setTimeout(UAPI_TIMEOUT_MS, () =>
        socket.destroy(new AppError('CommandFailed', `${path} did not answer in time`)),
      );
      socket.on('connect', () => socket.end('get=1\n\n'));
      socket.on('end', () => {
        this.#chunk.fill(0); // the last chunk's lines, secrets included
        resolve(s.buffers[s.turn].subarray(0, filled));
      });
      socket.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') resolve(null);
        else
          reject(
            e instanceof AppError ? e : new AppError('CommandFailed', `${path}: ${e.message}`),
          );
      });
    });
  }
}
