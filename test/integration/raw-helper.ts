import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One answer of the helper, as the raw protocol carries it. */
export interface Answer {
  readonly v: number;
  readonly id: number | null;
  readonly ok: boolean;
  readonly error?: { readonly kind: string; readonly message: string; readonly field?: string };
  readonly value?: unknown;
  readonly spawns: number;
}

/** The real helper driven line by line, as a hostile or broken parent would. */
export class RawHelper {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: string[] = [];
  readonly #lines: string[] = [];
  #waiting: ((line: string) => void) | undefined;
  #nextId = 1;

  constructor(argv: readonly string[]) {
    const [program = '', ...args] = argv;
    this.child = spawn(program, args, { stdio: 'pipe' });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (this.#waiting) this.#waiting(line);
      else this.#lines.push(line);
      this.#waiting = undefined;
    });
    createInterface({ input: this.child.stderr }).on('line', (l) => this.stderr.push(l));
  }

  next(): Promise<string> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the helper')), 30_000);
      this.#waiting = (l) => {
        clearTimeout(timer);
        resolve(l);
      };
    });
  }

  /** Sends one raw line and returns the answer to it (requests go one at a time). */
  async send(line: string): Promise<Answer> {
    this.child.stdin.write(`${line}\n`);
    return JSON.parse(await this.next()) as Answer;
  }

  request(op: string, args: unknown): Promise<Answer> {
    return this.send(JSON.stringify({ v: 1, id: this.#nextId++, op, args }));
  }
}
