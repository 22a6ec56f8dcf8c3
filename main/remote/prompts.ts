// What ssh asks while logging in to a box, held until a window answers: the
// askpass of every link ends here, and the windows (Electron or a browser on
// `wgdesk serve`) see the pending list and answer one by id. An answer goes
// straight to the waiting askpass and is kept nowhere; a prompt nobody
// answers is cancelled, so ssh fails with its own message instead of hanging.
import type { BoxPrompt } from '../../shared/contract/boxes';
import { AppError } from '../../shared/errors';
import type { Prompt } from './askpass';

/** Long enough to fetch a password; a login left waiting longer is given up. */
const ANSWER_WITHIN_MS = 120_000;

interface Waiting {
  readonly prompt: BoxPrompt;
  readonly settle: (answer: string | null) => void;
}

export class Prompts {
  readonly #waiting = new Map<number, Waiting>();
  readonly #changed: (pending: readonly BoxPrompt[]) => void;
  readonly #timeoutMs: number;
  #next = 1;

  constructor(changed: (pending: readonly BoxPrompt[]) => void, timeoutMs = ANSWER_WITHIN_MS) {
    this.#changed = changed;
    this.#timeoutMs = timeoutMs;
  }

  pending(): BoxPrompt[] {
    return [...this.#waiting.values()].map((w) => w.prompt);
  }

  /** Shows one prompt of a box's ssh and waits for its answer (null: cancelled or unanswered). */
  ask(box: { readonly id: number; readonly address: string }, p: Prompt): Promise<string | null> {
    const id = this.#next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null), this.#timeoutMs);
      const settle = (answer: string | null): void => {
        clearTimeout(timer);
        if (!this.#waiting.delete(id)) return;
        resolve(answer);
        this.#changed(this.pending());
      };
      const prompt: BoxPrompt = {
        id,
        box: box.id,
        address: box.address,
        kind: p.kind,
        text: p.text,
      };
      this.#waiting.set(id, { prompt, settle });
      this.#changed(this.pending());
    });
  }

  answer(id: number, answer: string | null): void {
    const w = this.#waiting.get(id);
    // Answered in another window already, or given up: saying so beats a silent no-op.
    if (!w) throw new AppError('NotFound', `nothing is waiting for answer ${id}`, 'id');
    w.settle(answer);
  }

  /** Cancels everything still asked (the desktop is closing). */
  close(): void {
    for (const w of [...this.#waiting.values()]) w.settle(null);
  }
}
