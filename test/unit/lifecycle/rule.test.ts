// The one rule for why a peer is out of the kernel, quota periods on the
// calendar, a quota reading, and who takes a free device slot: pure, table-driven.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { whyOut, type Admission } from '../../../main/services/access/why-out';
import { selectReturns } from '../../../main/services/access/select-cuts';
import { periodEnd, periodStart, type QuotaPlan } from '../../../main/services/lifecycle/period';
import { quotaStep } from '../../../main/services/lifecycle/quota';
import type { PeerId, UserId } from '../../../main/store';

const NOW = Date.UTC(2026, 11, 5, 12); // a Saturday
const IN: Admission = {
  enabled: true,
  revokedAt: null,
  expiresAt: null,
  userEnabled: true,
  quota: null,
  quotaExceededAt: null,
  userQuotaHold: null,
  disconnected: false,
  disconnectKind: 'admin',
  disconnectedUntil: null,
};
const DAILY: QuotaPlan = { bytes: 1000, period: 'day', resetDay: 1 };

describe('whyOut', () => {
  const cases: [string, Partial<Admission>, ReturnType<typeof whyOut>][] = [
    ['in', {}, null],
    [
      'revoked beats everything',
      { revokedAt: 1, enabled: false },
      { reason: 'revoked', until: null },
    ],
    ['disabled', { enabled: false, userEnabled: false }, { reason: 'disabled', until: null }],
    [
      'user disabled',
      { userEnabled: false, expiresAt: 1 },
      { reason: 'user_disabled', until: null },
    ],
    ['expired', { expiresAt: NOW }, { reason: 'expired', until: null }],
    ['not yet expired', { expiresAt: NOW + 1 }, null],
    [
      'quota: out until the day ends',
      { quota: DAILY, quotaExceededAt: NOW - 1000, disconnected: true },
      { reason: 'quota', until: Date.UTC(2026, 11, 6) },
    ],
    ['quota of yesterday: in', { quota: DAILY, quotaExceededAt: NOW - 86_400_000 }, null],
    [
      'total quota: out for good',
      { quota: { ...DAILY, period: 'total' }, quotaExceededAt: 5 },
      { reason: 'quota', until: null },
    ],
    ['quota removed: in', { quota: null, quotaExceededAt: NOW }, null],
    [
      "the user's quota: out until its period ends",
      { userQuotaHold: { at: NOW - 1, until: NOW + 5 } },
      { reason: 'quota', until: NOW + 5 },
    ],
    ["the user's quota period is over: in", { userQuotaHold: { at: 1, until: NOW } }, null],
    [
      "the user's total quota: out for good",
      { userQuotaHold: { at: 1, until: null } },
      { reason: 'quota', until: null },
    ],
    [
      "the peer's own quota is asked first",
      { quota: DAILY, quotaExceededAt: NOW, userQuotaHold: { at: NOW, until: null } },
      { reason: 'quota', until: Date.UTC(2026, 11, 6) },
    ],
    [
      'device limit: no time',
      { disconnected: true, disconnectKind: 'limit', disconnectedUntil: NOW - 1 },
      { reason: 'device_limit', until: null },
    ],
    [
      'timed',
      { disconnected: true, disconnectedUntil: NOW + 5 },
      { reason: 'timed', until: NOW + 5 },
    ],
    ['timed, over', { disconnected: true, disconnectedUntil: NOW }, null],
    ['disconnected', { disconnected: true }, { reason: 'disconnected', until: null }],
  ];
  for (const [name, over, want] of cases) {
    test(name, () => assert.deepEqual(whyOut({ ...IN, ...over }, NOW), want));
  }
});

describe('quota periods (UTC)', () => {
  const cases: [QuotaPlan['period'], number, number, number | null][] = [
    ['day', NOW, Date.UTC(2026, 11, 5), Date.UTC(2026, 11, 6)],
    ['week', NOW, Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 7)],
    ['month', NOW, Date.UTC(2026, 10, 15), Date.UTC(2026, 11, 15)],
    ['month', Date.UTC(2026, 11, 15), Date.UTC(2026, 11, 15), Date.UTC(2027, 0, 15)],
    ['month', Date.UTC(2027, 0, 3), Date.UTC(2026, 11, 15), Date.UTC(2027, 0, 15)],
    ['total', NOW, 0, null],
  ];
  for (const [period, t, start, end] of cases) {
    test(`${period} at ${new Date(t).toISOString()}`, () => {
      const plan = { bytes: 1, period, resetDay: 15 };
      assert.equal(periodStart(plan, t), start);
      assert.equal(periodEnd(plan, t), end);
    });
  }
});

describe('quotaStep', () => {
  const day = Date.UTC(2026, 11, 5);
  const use = { periodStart: day, base: 10_000, warned: 0 as const };
  test('a new period rebases at the total and forgets the warnings', () => {
    const s = quotaStep(
      DAILY,
      { ...use, periodStart: day - 86_400_000, warned: 90 },
      50_000,
      NOW,
      null,
    );
    assert.deepEqual(s, {
      use: { periodStart: day, base: 50_000, warned: 0 },
      used: 0,
      warn: [],
      exceeded: false,
    });
  });
  test('80 % warns once, 90 % once more, 100 % cuts', () => {
    const a = quotaStep(DAILY, use, 10_850, NOW, null);
    assert.deepEqual([a.warn, a.exceeded, a.use?.warned], [[80], false, 80]);
    assert.equal(quotaStep(DAILY, { ...use, warned: 80 }, 10_850, NOW, null).use, null);
    const b = quotaStep(DAILY, { ...use, warned: 80 }, 10_950, NOW, null);
    assert.deepEqual([b.warn, b.exceeded], [[90], false]);
    assert.deepEqual(
      quotaStep(DAILY, use, 10_950, NOW, null).warn,
      [80, 90],
      'both when one poll crosses both',
    );
    const c = quotaStep(DAILY, { ...use, warned: 90 }, 11_000, NOW, null);
    assert.deepEqual([c.warn, c.exceeded, c.used], [[], true, 1000]);
  });
  test('cut already in this period: not again', () => {
    assert.equal(quotaStep(DAILY, use, 12_000, NOW, NOW - 5).exceeded, false);
  });
});

describe('selectReturns', () => {
  const u = 1 as UserId;
  const w = (peerId: number, since: number, userId: UserId | null = u) => ({
    peerId: peerId as PeerId,
    userId,
    since,
  });
  test('a full slot keeps every waiter out, however long the cool-down is over', () => {
    assert.deepEqual(selectReturns(new Map([[u, 1]]), new Map([[u, 1]]), [w(2, 0)], NOW), []);
  });
  test('a free slot goes to the longest waiting, one per slot', () => {
    assert.deepEqual(selectReturns(new Map([[u, 1]]), new Map(), [w(3, 5), w(2, 9)], NOW), [3]);
  });
  test('not before the cool-down', () => {
    assert.deepEqual(selectReturns(new Map([[u, 1]]), new Map(), [w(2, NOW + 1)], NOW), []);
  });
  test('no limit any more (0, or no user): all return', () => {
    assert.deepEqual(
      selectReturns(new Map([[u, 0]]), new Map([[u, 4]]), [w(2, 0), w(3, 0, null)], NOW),
      [2, 3],
    );
  });
});
