// What the service holds for one client that reads slower than the poll
// pushes (a desktop behind a thin SSH link, a stalled window). The poll only
// ever hands a message over; it never waits. Past the socket's own buffer,
// events coalesce: consecutive stats pushes of a server merge into one (the
// codec's mergePushes: counters add up, the newest values win), and
// "reload X" notices merge, so the held amount is bounded by the size of the
// box's state, not by how long the client has been stalled. Results are never
// dropped or merged: a client that leaves too many unread is cut off, and
// takes a fresh snapshot when it comes back.
import { mergePushes, type EventPayload } from '../../shared/contract';
import type { ServerMessage } from '../../shared/wire';

type Stats = EventPayload<'peers.stats'>;
type Changed = EventPayload<'state.changed'>;

export class Outbox {
  /** Results and events that do not coalesce, in order. */
  #fifo: string[] = [];
  #fifoChars = 0;
  /** interfaceId → what its pushes held so far add up to. */
  #stats = new Map<number, Stats>();
  /** what → ids to reload (null: all of them). */
  #changed = new Map<Changed['what'], Set<number> | null>();

  constructor(private readonly maxChars: number) {}

  get empty(): boolean {
    return this.#fifo.length === 0 && this.#stats.size === 0 && this.#changed.size === 0;
  }

  /** Holds one message; false when the client has left too much unread and must go. */
  add(m: ServerMessage): boolean {
    if (m.type === 'event' && m.name === 'peers.stats') {
      const p = m.payload as Stats;
      const held = this.#stats.get(p.interfaceId);
      // Pushes of one server come in order; one that does not follow on is
      // held as it is, and the client sees the gap and reads the snapshot again.
      this.#stats.set(
        p.interfaceId,
        held !== undefined && p.base === held.seq ? mergePushes(held, p) : p,
      );
      return true;
    }
    if (m.type === 'event' && m.name === 'state.changed') {
      const p = m.payload as Changed;
      const ids = this.#changed.has(p.what) ? this.#changed.get(p.what) : new Set<number>();
      this.#changed.set(
        p.what,
        ids === null || ids === undefined || !p.ids ? null : new Set([...ids, ...p.ids]),
      );
      return true;
    }
    const text = line(m);
    this.#fifo.push(text);
    this.#fifoChars += text.length;
    return this.#fifoChars <= this.maxChars;
  }

  /**
   * Everything held, as lines, emptied. Results first in their order, then
   * the merged notices, then the numbers: a client that reloads on a notice
   * reads state at least as new as the numbers that follow.
   */
  take(): string[] {
    const out = this.#fifo;
    for (const [what, ids] of this.#changed) {
      const payload: Changed = ids === null ? { what } : { what, ids: [...ids] };
      out.push(line({ type: 'event', name: 'state.changed', payload }));
    }
    for (const payload of this.#stats.values()) {
      out.push(line({ type: 'event', name: 'peers.stats', payload }));
    }
    this.#fifo = [];
    this.#fifoChars = 0;
    this.#stats.clear();
    this.#changed.clear();
    return out;
  }
}

export function line(message: ServerMessage): string {
  // JSON.stringify escapes every line break inside strings: one message, one line.
  return `${JSON.stringify(message)}\n`;
}
