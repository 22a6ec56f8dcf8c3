// The order a real wireguard-go lists its peers in, answer after answer, for
// the synthetic socket answers (monitor-synthetic.ts). wireguard-go walks a Go
// map: each answer starts at a random place of the same layout, so most peers
// follow the same peer as last time (61 to 99.98 % of them in six answers at
// 10k peers, measured here). A shuffle of our own would be an order no
// wireguard-go prints, with none of that locality; the real one is read instead.
import { createConnection } from 'node:net';
import { uapiSocket } from '../main/host/links';
import { keyHash } from '../main/wireguard/uapi-bytes';

const KEY_LINE = Buffer.from('public_key=', 'latin1');

export class AnswerOrder {
  readonly #path: string;
  /** Every key's 64 hex digits, one after the other, in the caller's order. */
  readonly #hex: Buffer;
  readonly #byHash = new Map<number, number[]>();
  readonly #chunk = Buffer.alloc(256 << 10);
  #into: Buffer = Buffer.alloc(0);

  constructor(ifname: string, keysBase64: readonly string[]) {
    this.#path = uapiSocket(ifname);
    this.#hex = Buffer.from(
      keysBase64.map((k) => Buffer.from(k, 'base64').toString('hex')).join(''),
      'latin1',
    );
    keysBase64.forEach((_, i) => {
      const h = keyHash(this.#hex, 64 * i);
      const all = this.#byHash.get(h);
      if (all === undefined) this.#byHash.set(h, [i]);
      else all.push(i);
    });
  }

  /** Writes into `order` the caller's index of each peer, in the order the real daemon lists them now. */
  async read(order: Int32Array): Promise<void> {
    const { answer, into } = await ask(this.#path, this.#chunk, this.#into);
    this.#into = into;
    let n = 0;
    for (let at = answer.indexOf(KEY_LINE); at >= 0; at = answer.indexOf(KEY_LINE, at + 1)) {
      if (at > 0 && answer[at - 1] !== 0x0a) continue;
      const key = at + KEY_LINE.length;
      const i = this.#indexOf(answer, key);
      if (i === undefined) throw new Error(`${this.#path} lists a peer the bench did not add`);
      order[n++] = i;
    }
    answer.fill(0); // the interface's private key
    this.#chunk.fill(0);
    if (n !== order.length) throw new Error(`${this.#path} lists ${n} peers, not ${order.length}`);
  }

  /** The caller's index of the key whose hex digits are at `at`, or undefined. */
  #indexOf(answer: Buffer, at: number): number | undefined {
    for (const c of this.#byHash.get(keyHash(answer, at)) ?? []) {
      if (answer.compare(this.#hex, 64 * c, 64 * c + 64, at, at + 64) === 0) return c;
    }
    return undefined;
  }
}

/**
 * The control socket's whole answer to get=1, into `into` (grown when short;
 * the grown buffer is returned). Read into buffers kept from poll to poll, as
 * the monitor's reader does: a 13 MB answer (50k peers) in new chunks and a
 * new buffer every poll made the bench's own garbage and external memory,
 * which V8 then collected in the polls measured after it.
 */
function ask(path: string, chunk: Buffer, into: Buffer): Promise<{ answer: Buffer; into: Buffer }> {
  let filled = 0;
  return new Promise((resolve, reject) => {
    const socket = createConnection({
      path,
      onread: {
        buffer: chunk,
        callback: (n: number): boolean => {
          if (filled + n > into.length) {
            const grown = Buffer.alloc(Math.max(2 * into.length, filled + n));
            into.copy(grown, 0, 0, filled);
            into = grown;
          }
          chunk.copy(into, filled, 0, n);
          filled += n;
          return true;
        },
      },
    });
    socket.on('connect', () => socket.end('get=1\n\n'));
    // On close, not end: the socket's teardown would run in the poll measured next.
    socket.on('close', () => resolve({ answer: into.subarray(0, filled), into }));
    socket.on('error', reject);
  });
}
