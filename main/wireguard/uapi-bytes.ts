// The shapes of wireguard-go's answer that its readers (uapi-answer.ts,
// uapi-blocks.ts) look for, as bytes, and comparing bytes in place (issue 17).

/** Value of each hex digit's byte plus one (0: not a lowercase hex digit, as the socket prints). */
export const HEX = new Uint8Array(128);
for (let d = 0; d < 16; d++) HEX['0123456789abcdef'.charCodeAt(d)] = d + 1;

export const PK_LINE = Buffer.from('\npublic_key=', 'latin1');
export const PSK_LINE = Buffer.from('\npreshared_key=', 'latin1');
export const ERRNO_LINE = Buffer.from('\nerrno=', 'latin1');
export const NEWLINE = 0x0a;
/** A key's hex digits. */
export const KEY_HEX = 64;
/** From a block's start: the end of its key ("public_key=" and 64 hex digits). */
export const KEY_END = PK_LINE.length - 1 + KEY_HEX;
/** From a block's start: the end of its preshared key, where wireguard-go prints it (right after the key). */
export const PSK_END = KEY_END + PSK_LINE.length + KEY_HEX;
/** A handshake line's name: a block alike up to past it has the same lines before the counters. */
export const HS_SEC = Buffer.from('last_handshake_time_sec=', 'latin1');

/**
 * Hex digits of a public key that find it (uapi-blocks.ts): 28 bits, a small
 * integer to V8, which a map finds without boxing it (13 digits made a heap
 * number per peer per poll). Keys alike in them share a chain (Kept.next):
 * at 50k peers a few pairs do, and each must still find its own block.
 */
const HASHED_DIGITS = 7;

/** The hash of the key whose hex digits begin at `at`; any value for malformed digits (they are compared after). */
export function keyHash(b: Buffer, at: number): number {
  let h = 0;
  for (let i = 0; i < HASHED_DIGITS; i++) h = h * 16 + (HEX[b[at + i] ?? 0] ?? 0);
  return h;
}

/** A buffer's bytes as a view, to compare four at a time (sameBytes). */
export function viewOf(b: Buffer): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Whether `word` lies in `b` at `at` (past the end: no; a loop, no call into the runtime). */
export function same(b: Buffer, at: number, word: Buffer): boolean {
  for (let i = 0; i < word.length; i++) if (b[at + i] !== word[i]) return false;
  return true;
}

/** How many of the `n` bytes from `i` in `a` and from `j` in `b` are the same before the first that differs. */
export function sameBytes(
  a: DataView<ArrayBufferLike>,
  i: number,
  b: DataView<ArrayBufferLike>,
  j: number,
  n: number,
): number {
  let k = 0;
  for (; k + 4 <= n; k += 4) if (a.getUint32(i + k) !== b.getUint32(j + k)) break;
  for (; k < n; k++) if (a.getUint8(i + k) !== b.getUint8(j + k)) break;
  return k;
}
