import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rangeWindow, RANGE_MS, toSeries, totalBytes } from '../../../renderer/lib/history';

describe('history', () => {
  test('ranges end now', () => {
    assert.deepEqual(rangeWindow('h24', 100_000_000), {
      from: 100_000_000 - RANGE_MS.h24,
      to: 100_000_000,
    });
  });

  test('buckets become rates, missing buckets are zeros', () => {
    const h = {
      peerId: 1,
      from: 0,
      to: 5 * 60_000,
      resolution: 60,
      points: [
        { t: 60_000, rx: 600, tx: 6000 },
        { t: 180_000, rx: 60, tx: 0 },
      ],
    };
    const [xs, rx, tx] = toSeries(h);
    assert.deepEqual(xs, [0, 60, 120, 180, 240]);
    assert.deepEqual(rx, [0, 10, 0, 1, 0]);
    assert.deepEqual(tx, [0, 100, 0, 0, 0]);
    assert.deepEqual(totalBytes(h), { rx: 660, tx: 6000 });
  });

  test('the bucket in progress is a rate over the time it has run', () => {
    const h = {
      peerId: 1,
      from: 0,
      to: 90_000,
      resolution: 60,
      points: [
        { t: 0, rx: 600, tx: 0 },
        { t: 60_000, rx: 600, tx: 300 },
      ],
    };
    const [xs, rx, tx] = toSeries(h);
    assert.deepEqual(xs, [0, 60]);
    // 30 s of the second minute have passed: 600 B in 30 s is 20 B/s, not 10.
    assert.deepEqual(rx, [10, 20]);
    assert.deepEqual(tx, [0, 10]);
  });

  test('a zero resolution gives an empty chart rather than a hang', () => {
    assert.deepEqual(toSeries({ from: 0, to: 10, resolution: 0, points: [] }), [[], [], []]);
  });
});
