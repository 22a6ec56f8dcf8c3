import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PeerId } from '../../../main/store/types';
import { MinuteSampler } from '../../../main/services/monitor/sampler';
import {
  densePoints,
  resolutionFor,
  type SeriesResolution,
} from '../../../main/services/monitor/series';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const KEEP = 48 * H;

describe('resolutionFor', () => {
  const cases: [string, number, number, SeriesResolution][] = [
    ['last hour: minutes', NOW - H, NOW, 60],
    ['last 24 h: minutes', NOW - D, NOW, 60],
    ['25 h fits 1500 minutes', NOW - 25 * H, NOW, 60],
    ['26 h: hours', NOW - 26 * H, NOW, 3600],
    ['an hour three days ago: minutes are gone, hours', NOW - 72 * H, NOW - 71 * H, 3600],
    ['last 30 days: hours', NOW - 30 * D, NOW, 3600],
    ['last 90 days: days', NOW - 90 * D, NOW, 86_400],
  ];
  for (const [name, from, to, want] of cases) {
    test(name, () => assert.equal(resolutionFor(from, to, NOW, KEEP), want));
  }
});

describe('densePoints', () => {
  test('zeros in the gaps, stored sums and unsaved ones in their buckets', () => {
    const from = NOW - 5 * 60_000 + 30_000; // mid-minute: the first point is that minute's start
    const s = NOW / 1000;
    const points = densePoints(
      from,
      NOW,
      60,
      [{ start: s - 240, rx: 10, tx: 20 }],
      [{ start: s - 60, rx: 1, tx: 2 }],
    );
    assert.deepEqual(
      points.map((p) => [(p.t - NOW) / 60_000, p.rx, p.tx]),
      [
        [-5, 0, 0],
        [-4, 10, 20],
        [-3, 0, 0],
        [-2, 0, 0],
        [-1, 1, 2],
      ],
    );
  });

  test('buckets outside the range are ignored', () => {
    const points = densePoints(NOW - H, NOW, 3600, [{ start: NOW / 1000 + 3600, rx: 5, tx: 5 }]);
    assert.deepEqual(points, [{ t: NOW - H, rx: 0, tx: 0 }]);
  });
});

describe('MinuteSampler', () => {
  const p = (n: number) => n as PeerId;

  test('sums per peer within a minute, hands the minute over when the next begins', () => {
    const s = new MinuteSampler();
    assert.equal(s.roll(NOW), null);
    s.add(p(1), 100, 10);
    s.add(p(1), 50, 5);
    s.add(p(2), 0, 0); // idle: not kept
    assert.deepEqual(s.pendingTotal([p(1), p(2)]), { minute: NOW / 1000, rx: 150, tx: 15 });
    assert.equal(s.roll(NOW + 59_000), null, 'same minute');
    const done = s.roll(NOW + 60_000);
    assert.equal(done?.minute, NOW / 1000);
    assert.deepEqual([...(done?.deltas.values() ?? [])], [{ peerId: 1, rx: 150, tx: 15 }]);
    assert.deepEqual(s.pendingTotal([p(1), p(2)]), { minute: NOW / 1000 + 60, rx: 0, tx: 0 });
  });

  test('take hands over the unsaved bytes of one peer, once', () => {
    const s = new MinuteSampler();
    s.roll(NOW);
    s.add(p(1), 100, 10);
    s.add(p(2), 7, 7);
    assert.equal(s.minute, NOW / 1000);
    assert.deepEqual(s.take(p(1)), { peerId: 1, rx: 100, tx: 10 });
    assert.equal(s.take(p(1)), null);
    s.add(p(1), 1, 1);
    const drained = s.drain();
    assert.equal(drained?.minute, NOW / 1000);
    assert.deepEqual(
      [...(drained?.deltas.values() ?? [])],
      [
        { peerId: 2, rx: 7, tx: 7 },
        { peerId: 1, rx: 1, tx: 1 },
      ],
    );
  });

  test('drain takes the minute in progress', () => {
    const s = new MinuteSampler();
    s.roll(NOW);
    s.add(p(3), 1, 2);
    const drained = s.drain();
    assert.equal(drained?.minute, NOW / 1000);
    assert.deepEqual([...(drained?.deltas.values() ?? [])], [{ peerId: 3, rx: 1, tx: 2 }]);
    assert.equal(s.drain(), null);
  });
});
