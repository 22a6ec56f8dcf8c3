import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agoParts, formatBytes, formatRate, shortAddress } from '../../../renderer/lib/format';

describe('formatBytes', () => {
  const cases: [number, string][] = [
    [0, '0 B'],
    [-5, '0 B'],
    [Number.NaN, '0 B'],
    [1, '1 B'],
    [1023, '1,023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024 + 300, '10.3 KiB'],
    [150 * 1024 * 1024, '150 MiB'],
    [3.256 * 1024 ** 3, '3.26 GiB'],
    [2 * 1024 ** 5, '2 PiB'],
    // Past the largest unit the number grows instead of running out of units.
    [4096 * 1024 ** 5, '4,096 PiB'],
  ];
  for (const [n, want] of cases) {
    test(`${n} → ${want}`, () => assert.equal(formatBytes(n), want));
  }

  test('uses the locale’s decimal separator and the given unit names', () => {
    const fr = ['o', 'Kio', 'Mio', 'Gio', 'Tio', 'Pio'];
    assert.equal(formatBytes(1536, 'fr', fr), '1,5 Kio');
    assert.equal(formatBytes(1536, 'pt-BR'), '1,5 KiB');
  });
});

describe('formatRate', () => {
  test('per second, zero included', () => {
    assert.equal(formatRate(0), '0 B/s');
    assert.equal(formatRate(2.5 * 1024 * 1024), '2.5 MiB/s');
  });
});

describe('agoParts', () => {
  const now = 10_000_000;
  const cases: [number, ReturnType<typeof agoParts>][] = [
    [now + 5000, { unit: 'now', n: 0 }], // clock skew: the future reads as now
    [now - 999, { unit: 'now', n: 0 }],
    [now - 1000, { unit: 's', n: 1 }],
    [now - 12_400, { unit: 's', n: 12 }],
    [now - 59_999, { unit: 's', n: 59 }],
    [now - 60_000, { unit: 'min', n: 1 }],
    [now - 3_599_000, { unit: 'min', n: 59 }],
    [now - 3_600_000, { unit: 'h', n: 1 }],
    [now - 86_400_000, { unit: 'd', n: 1 }],
    [now - 9 * 86_400_000, { unit: 'd', n: 9 }],
  ];
  for (const [then, want] of cases) {
    test(`${now - then} ms ago → ${want.n} ${want.unit}`, () =>
      assert.deepEqual(agoParts(then, now), want));
  }
});

describe('shortAddress', () => {
  test('drops /32 and /128, keeps real networks', () => {
    assert.equal(shortAddress('10.0.0.2/32'), '10.0.0.2');
    assert.equal(shortAddress('fd00::2/128'), 'fd00::2');
    assert.equal(shortAddress('192.168.40.0/24'), '192.168.40.0/24');
  });
});
