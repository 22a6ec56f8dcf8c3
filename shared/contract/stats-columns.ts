// The columns of a 'peers.stats' push (stats-push.ts): delta-coded positions,
// and sparse columns written and read in step with the peers' positions.

/** Deltas of positions or ids: small numbers, a byte or two each on the wire. */
export function deltas(values: readonly number[]): number[] {
  const out = new Array<number>(values.length);
  let last = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    out[i] = v - last;
    last = v;
  }
  return out;
}

/** A sparse column being written: the positions it has a value at, delta-coded when done. */
export class SparseOut<T> {
  readonly #pos: number[] = [];
  readonly #values: T[] = [];

  add(i: number, v: T): void {
    this.#pos.push(i);
    this.#values.push(v);
  }

  /** `n`: the peers in the push; a value for each of them needs no positions (`[]`). */
  done(n: number): [number[], T[]] | undefined {
    if (this.#pos.length === 0) return undefined;
    return [this.#pos.length === n ? [] : deltas(this.#pos), this.#values];
  }
}

/** Walks a sparse column in step with the peers' positions, asked in increasing order. */
export class Cursor<T> {
  #k = 0;
  #pos: number;
  readonly #positions: readonly number[];
  readonly #values: readonly T[];
  /** No positions: every peer has a value, the i-th is peer i's. */
  readonly #every: boolean;

  constructor(col: readonly [readonly number[], readonly T[]] | undefined) {
    this.#positions = col?.[0] ?? [];
    this.#values = col?.[1] ?? [];
    this.#every = col !== undefined && col[0].length === 0;
    this.#pos = this.#positions[0] ?? -1;
  }

  /** Whether position i has a value; if so, `value` is it until the next call. */
  has(i: number): boolean {
    if (this.#every) {
      this.value = this.#values[i];
      return i < this.#values.length;
    }
    if (i !== this.#pos) return false;
    this.value = this.#values[this.#k];
    this.#k++;
    this.#pos += this.#positions[this.#k] ?? Number.NaN;
    return true;
  }

  value: T | undefined;
}

/** `at − t`, and back: the same function both ways (a handshake as "how long before the push"). */
export const ago = (at: number, t: number | null): number | null => (t === null ? null : at - t);
