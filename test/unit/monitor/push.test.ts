import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  holdSnapshot,
  applyPush,
  readPushes,
  type HeldStats,
  type PeerStats,
  type StatsPush,
} from '../../../shared/contract';
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
    const pushes: StatsPush[] = [];
    const pusher = new StatsPusher(
      (push) => {
        pushes.push(push);
        const read = readPushes(pushes).at(-1);
        sent.push([push.at, read?.peers.map((p) => p.rxTotal) ?? []]);
      },
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

  test('a snapshot stands at the last push: the pushes after it land on main’s numbers', () => {
    const clock = new ManualClock();
    const pushes: StatsPush[] = [];
    const pusher = new StatsPusher((p) => pushes.push(p), 1000, clock);
    pusher.offer(IF, stats(1, 10));
    pusher.offer(IF, stats(2, 10));
    pusher.flush();
    clock.advance(500);
    pusher.offer(IF, stats(1, 25));
    pusher.flush(); // held back: the snapshot must not show 25 yet, the next push brings it
    const now = [stats(1, 25), stats(2, 10), stats(3, 7)];
    const snap = pusher.snapshot(IF, now);
    assert.equal(snap.seq, 1);
    assert.deepEqual(
      snap.peers.map((p) => p.rxTotal),
      [10, 10, 7],
      'as pushed; a peer never pushed as it is',
    );
    const reader: HeldStats = { seqs: new Map(), byId: new Map() };
    holdSnapshot(reader, { interfaceId: IF, ...snap });
    pusher.offer(IF, stats(3, 7));
    clock.advance(500);
    assert.equal(pushes.length, 2);
    const last = pushes[1];
    assert.ok(last !== undefined);
    assert.equal(applyPush(reader, last), 'applied');
    assert.deepEqual(
      [...reader.byId.values()].map((p) => p.rxTotal),
      [25, 10, 7],
    );
  });

  test('after close and a restart, pushes follow on from the same seq', () => {
    const clock = new ManualClock();
    const pushes: StatsPush[] = [];
    const pusher = new StatsPusher((p) => pushes.push(p), 1000, clock);
    pusher.offer(IF, stats(1, 1));
    pusher.flush();
    pusher.close();
    clock.advance(5000);
    pusher.offer(IF, stats(1, 2));
    pusher.flush();
    assert.deepEqual(
      pushes.map((p) => [p.base, p.seq]),
      [
        [0, 1],
        [1, 2],
      ],
    );
    assert.deepEqual(readPushes(pushes).at(-1)?.peers[0]?.rxTotal, 2);
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
