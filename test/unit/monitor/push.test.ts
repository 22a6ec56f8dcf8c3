import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PeerStats } from '../../../shared/contract';
import type { InterfaceId } from '../../../main/store/types';
import { StatsPusher, type PushClock } from '../../../main/services/monitor/push';

/** A clock the test moves by hand; scheduled sends run when it passes their time. */
class ManualClock implements PushClock {
  t = 0;
  #timers: { at: number; fn: () => void }[] = [];
  now = (): number => this.t;
  later = (fn: () => void, ms: number): (() => void) => {
    const timer = { at: this.t + ms, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((x) => x !== timer);
    };
  };
  advance(ms: number): void {
    this.t += ms;
    const due = this.#timers.filter((x) => x.at <= this.t);
    this.#timers = this.#timers.filter((x) => x.at > this.t);
    for (const x of due) x.fn();
  }
}

const stats = (id: number, rxTotal: number): PeerStats => ({
  id,
  status: 'online',
  outReason: null,
  outUntil: null,
  lastHandshake: 1,
  endpoint: null,
  rxTotal,
  txTotal: 0,
  rxRate: 0,
  txRate: 0,
});
const IF = 1 as InterfaceId;

describe('StatsPusher', () => {
  test('at most one event per window; later offers replace earlier ones', () => {
    const clock = new ManualClock();
    const sent: [number, number[]][] = [];
    const pusher = new StatsPusher(
      (_, at, peers) => sent.push([at, peers.map((p) => p.rxTotal)]),
      1000,
      clock,
    );
    pusher.offer(IF, stats(1, 10));
    pusher.flush();
    assert.deepEqual(sent, [[0, [10]]], 'the first goes at once');
    clock.advance(250);
    pusher.offer(IF, stats(1, 20));
    pusher.offer(IF, stats(2, 5));
    pusher.flush();
    clock.advance(250);
    pusher.offer(IF, stats(1, 30));
    pusher.flush();
    assert.equal(sent.length, 1, 'held back within the window');
    clock.advance(500);
    assert.deepEqual(sent[1], [1000, [30, 5]], 'one event with the latest of each peer');
    pusher.flush();
    assert.equal(sent.length, 2, 'nothing new, nothing sent');
  });

  test('close drops what is queued', () => {
    const clock = new ManualClock();
    let n = 0;
    const pusher = new StatsPusher(() => (n += 1), 1000, clock);
    pusher.offer(IF, stats(1, 1));
    pusher.flush();
    pusher.offer(IF, stats(1, 2));
    pusher.flush();
    pusher.close();
    clock.advance(5000);
    assert.equal(n, 1);
  });
});
