import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recordRate, sparkPoints, TRAIL_MS, type Trails } from '../../../renderer/lib/sparkline';
import { emptyLiveStats, forgetPeers, replaceStats } from '../../../renderer/lib/stats';
import { stats } from './fixtures';

const T0 = 1_000_000;

function trailsOf(pushes: readonly [at: number, rate: number][]): Trails {
  const trails: Trails = new Map();
  for (const [at, rate] of pushes) recordRate(trails, at, 1, rate);
  return trails;
}

describe('sparkPoints', () => {
  const cases: [string, [number, number][], number, string | null][] = [
    ['no samples: nothing to draw', [], T0, null],
    ['only zeros: nothing to draw', [[T0, 0]], T0, null],
    // Steps: the rate holds until the next sample; the highest value touches the top (y = 1).
    [
      'a rise drawn as a step, scaled to its own top',
      [
        [T0 - TRAIL_MS / 2, 10],
        [T0, 20],
      ],
      T0,
      '0,15.0 20.0,15.0 20.0,8.0 40.0,8.0 40.0,1.0 40,1.0',
    ],
    [
      'a sample older than the window sets its start',
      [
        [T0 - 2 * TRAIL_MS, 10],
        [T0 - TRAIL_MS / 4, 0],
      ],
      T0,
      '0,1.0 30.0,1.0 30.0,15.0 40,15.0',
    ],
  ];
  for (const [name, pushes, now, want] of cases) {
    test(name, () => assert.equal(sparkPoints(trailsOf(pushes).get(1), now, 40, 16), want));
  }

  test('a peer that never moved a byte gets no ring; one that did keeps its zeros', () => {
    const trails: Trails = new Map();
    recordRate(trails, T0, 1, 0);
    recordRate(trails, T0, 2, 5);
    recordRate(trails, T0 + 1000, 2, 0);
    assert.deepEqual([...trails.keys()], [2]);
    assert.equal(trails.get(2)?.count, 2);
  });

  test('a ring kept for weeks draws its last two minutes to the millisecond', () => {
    // The monitor's clock in unix ms, as the pushes carry it; the ring keeps 32-bit times.
    const first = Date.UTC(2026, 11, 6);
    const now = first + 40 * 86_400_000;
    const kept: Trails = new Map();
    recordRate(kept, first, 1, 5);
    const recent: [number, number][] = [
      [now - 61_234, 10],
      [now - 1_234, 20],
      [now, 7],
    ];
    for (const [at, rate] of recent) recordRate(kept, at, 1, rate);
    const fresh = trailsOf([[now - 3 * TRAIL_MS, 5], ...recent]);
    // 10 px a second: a time off by a few ms moves a point.
    const points = sparkPoints(kept.get(1), now, 1200, 16);
    assert.ok(points !== null);
    assert.equal(points, sparkPoints(fresh.get(1), now, 1200, 16));
    assert.match(points, /^0,11\.5 587\.7,11\.5 587\.7,8\.0 1187\.7,8\.0 /);
  });

  test('the ring keeps the newest samples when it is full', () => {
    const pushes: [number, number][] = [];
    for (let i = 0; i < 400; i++) pushes.push([T0 + i * 1000, i + 1]);
    const tr = trailsOf(pushes).get(1);
    const points = sparkPoints(tr, T0 + 399_000, 40, 16);
    assert.ok(points !== null);
    // The last sample is the highest: the line ends at the top.
    assert.match(points, / 40,1\.0$/);
  });
});

describe('sparkPoints at a push a second', () => {
  // Two minutes of pushes are ~120 samples for a 40 px line: three to a pixel.
  const everySecond = (rateAt: (i: number) => number): string | null => {
    const pushes: [number, number][] = [];
    for (let i = 0; i < 120; i++) pushes.push([T0 - 119_000 + i * 1000, rateAt(i)]);
    return sparkPoints(trailsOf(pushes).get(1), T0, 40, 16);
  };

  test('at most three points a pixel column, not two a sample', () => {
    const points = everySecond((i) => 100 + ((i * 37) % 50));
    assert.ok(points !== null);
    const n = points.split(' ').length;
    assert.ok(n <= 3 * 40 + 2, `${n} points`);
    assert.ok(n >= 2 * 40, `${n} points: a column each`);
  });

  test('a one-second spike between two quiet seconds still reaches the top', () => {
    const points = everySecond((i) => (i === 61 ? 1000 : 10));
    assert.ok(points !== null);
    const ys = points.split(' ').map((p) => Number(p.split(',')[1]));
    assert.equal(Math.min(...ys), 1, 'the spike touches the top');
    assert.match(points, / 40,14\.9$/, 'and the line ends at the quiet rate');
  });
});

describe('trails in the live stats', () => {
  test('a snapshot after a reconnect keeps them; deleting the peer drops them', () => {
    const live = emptyLiveStats();
    recordRate(live.trails, T0, 1, 3);
    replaceStats(live, 7, 4, [stats(1)]);
    assert.equal(live.trails.has(1), true);
    forgetPeers(live, [1]);
    assert.equal(live.trails.has(1), false);
  });
});
