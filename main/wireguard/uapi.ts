// wireguard-go's answer to "get=1" on its control socket (the cross-platform
// UAPI, wireguard.com/xplatform; written by device/uapi.go), read into the
// same model as `wg show … dump` (issue 17: the monitor asks the socket
// itself instead of starting `wg` to ask it). Pure: main/host/uapi.ts talks
// to the socket. It reads the fields where they lie, as dump-fields.ts reads
// the dump: a 50k-peer answer is 500,000 lines, and a string for each line
// made parsing cost more than the process it replaces. The only strings made
// are the kept ones, copied (never slices of the answer, which holds the
// private key and PSKs).
import type { WgKey } from '../../shared/validate/key';
import { parseInterfaceName } from '../../shared/validate/names';
import type { ObservedInterface } from './dump';
import { Answer, type DerivedKey } from './uapi-answer';
import { Blocks } from './uapi-blocks';
import { PeerReader } from './uapi-peer';

/** The interface's lines, then for each peer a public_key line followed by its own; errno last. */
export function parseUapi(name: string, bytes: Buffer): ObservedInterface {
  return new UapiParser().parse(name, bytes);
}

/**
 * Reads one interface's answers poll after poll. Most peers, most polls, say
 * exactly what they said last time: a peer whose lines are the same bytes as
 * in the previous answer is the same ObservedPeer, found by its key and
 * compared in place, never parsed again; one whose counters moved is read
 * from its counters on (uapi-peer.ts). The previous answer is kept for that,
 * so the caller hands in a different buffer each time (host uapi.ts
 * alternates two), and its secrets are overwritten as they are read.
 */
export class UapiParser {
  #prev: Buffer | null = null;
  readonly #blocks = new Blocks();
  #key: DerivedKey | null = null;
  /** The last result, until it is given back or another parse begins. */
  #result: ObservedInterface | null = null;
  #given = false;

  /**
   * The caller of the last parse keeps nothing of its result any more: the
   * next parse reads a changed peer into the peer it had (issue 17: at 50k
   * all changing, 50,000 new peers a poll that V8 makes straight in the old
   * heap; see DumpParser.recycle), unless a result not given back lists that
   * peer too (Blocks.writable). Any other result is left alone.
   */
  recycle(result: ObservedInterface): void {
    if (result !== this.#result) return;
    this.#result = null;
    this.#given = true;
  }

  parse(name: string, bytes: Buffer): ObservedInterface {
    const given = this.#given;
    this.#given = false;
    this.#result = null;
    const a = new Answer(name, bytes);
    const valid = parseInterfaceName(name, 'interface');
    const ifname = valid.ok ? valid.value : a.fail('not an interface name');
    let publicKey: WgKey | null = null;
    let [listenPort, fwMark] = [0, 0];
    const reader = new PeerReader();
    let errno: number | null = null;
    const blocks = this.#blocks.begin(bytes, this.#prev, given);
    this.#prev = null; // until this answer is read through: a failed one is no reference
    for (let f = a.advance(); f !== undefined; f = a.advance()) {
      if (f === 'public_key') reader.begin(a, blocks);
      else if (f === 'errno') {
        reader.done();
        errno = a.uint('errno');
      } else if (reader.reading) reader.line(a, f);
      // What wg prints for it: the public key derived from it, never the key.
      else if (f === 'private_key') {
        this.#key = a.publicOfPrivate(this.#key);
        publicKey = this.#key.publicKey;
      } else if (f === 'listen_port') listenPort = a.uint(f, 65535);
      else if (f === 'fwmark') fwMark = a.uint(f, 0xffffffff);
    }
    reader.done();
    if (errno !== 0) a.fail(`answered errno=${errno ?? '(none)'}`);
    const peers = blocks.finish();
    this.#prev = bytes;
    this.#result = {
      name: ifname,
      privateKeyPresent: publicKey !== null,
      publicKey,
      listenPort,
      fwMark,
      peers,
    };
    return this.#result;
  }
}
