/**
 * Splits a character stream into lines without ever holding more than `max`
 * characters of one line: a longer line is dropped as it streams in, and
 * reported once its end arrives, so one huge write cannot exhaust memory.
 * Chunks are kept in a list and joined once per line, because appending to one
 * growing string and rescanning it would be quadratic in the line's length.
 */
export class LineReader {
  #parts: string[] = [];
  #length = 0;
  #overlong = false;

  constructor(
    private readonly max: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      this.#take(chunk.slice(start, nl));
      this.#finish();
      start = nl + 1;
    }
    this.#take(chunk.slice(start));
  }

  #take(piece: string): void {
    if (this.#overlong || piece === '') return;
    if (this.#length + piece.length > this.max) {
      this.#overlong = true;
      this.#parts = [];
      this.#length = 0;
      return;
    }
    this.#parts.push(piece);
    this.#length += piece.length;
  }

  #finish(): void {
    if (this.#overlong) {
      this.#overlong = false;
      this.onOverlong();
      return;
    }
    const line = this.#parts.join('');
    this.#parts = [];
    this.#length = 0;
    this.onLine(line);
  }
}
