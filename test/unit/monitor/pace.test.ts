// issue 17: the poll interval follows the poll's cost, so that monitoring
// stays under a quarter of a core, and comes back down when it can.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pace } from '../../../main/services/monitor/pace';

/** Feeds the same cost until the running cost settles; returns the interval. */
function settled(pace: Pace, costMs: number): number {
  for (let i = 0; i < 30; i++) pace.record(costMs);
  return pace.intervalMs;
}

const cases: readonly (readonly [string, number, number])[] = [
  ['1k peers: 30 ms a poll', 30, 1000],
  ['10k peers: 110 ms', 110, 1000],
  ['just over a quarter of a second', 260, 2000],
  ['50k peers: 600 ms between us and wireguard-go', 600, 3000],
  ['a second a poll', 1000, 5000],
  ['beyond every step: the longest', 60_000, 30_000],
];

for (const [what, cost, interval] of cases) {
  test(`${what}: every ${interval} ms`, () => {
    const pace = new Pace(1000);
    assert.equal(settled(pace, cost), interval);
    assert.ok(cost / interval <= 0.25 || interval === 30_000, 'within a quarter of a core');
  });
}

test('back to 1 s when the cost falls, not on a cost at the edge', () => {
  const pace = new Pace(1000);
  assert.equal(settled(pace, 600), 3000);
  // 240 ms fits 1 s (≤ 250) but not with the margin for coming back down.
  assert.equal(settled(pace, 240), 2000);
  assert.equal(settled(pace, 100), 1000);
});

test('one slow poll (the minute, a GC) does not move it', () => {
  const pace = new Pace(1000);
  settled(pace, 100);
  assert.equal(pace.record(400), false);
  assert.equal(pace.intervalMs, 1000);
});

test('a configured interval is the shortest; one under a second is kept as it is', () => {
  assert.equal(settled(new Pace(5000), 10), 5000);
  assert.equal(settled(new Pace(2000), 600), 3000);
  assert.equal(settled(new Pace(250), 600), 250);
});
