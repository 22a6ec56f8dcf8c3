// A user's quota (issue 12): the sum of their peers' bytes in the user's
// period, poll by poll, with warnings at 80 and 90 % and the cut at 100 %.
// Pure, table-driven.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { QuotaPlan } from '../../../main/services/lifecycle/period';
import { movedSince, userQuotaStep } from '../../../main/services/lifecycle/user-quota';
import type { PeerState } from '../../../main/services/monitor/state';
import type { PeerId, UserId } from '../../../main/store';
import type { UserQuotaUse } from '../../../main/store/users';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 5, 12);
const TODAY = Date.UTC(2026, 11, 5);
const DAILY: QuotaPlan = { bytes: 1000, period: 'day', resetDay: 1 };
const use = (used: number, warned: 0 | 80 | 90 = 0, periodStart = TODAY): UserQuotaUse => ({
  periodStart,
  used,
  warned,
});

describe('userQuotaStep', () => {
  const cases: [string, UserQuotaUse, number, number | null, ReturnType<typeof userQuotaStep>][] = [
    ['nothing moved', use(10), 0, null, { use: null, used: 10, warn: [], exceeded: false }],
    ['adds up', use(10), 20, null, { use: use(30), used: 30, warn: [], exceeded: false }],
    [
      'both warnings in one poll',
      use(700),
      250,
      null,
      { use: use(950, 90), used: 950, warn: [80, 90], exceeded: false },
    ],
    [
      '80 given already',
      use(850, 80),
      10,
      null,
      { use: use(860, 80), used: 860, warn: [], exceeded: false },
    ],
    [
      'runs out: no warning, the cut',
      use(950, 90),
      60,
      null,
      { use: use(1010, 90), used: 1010, warn: [], exceeded: true },
    ],
    [
      'held already in this period: no second cut',
      use(1010, 90),
      5,
      NOW - 1,
      { use: use(1015, 90), used: 1015, warn: [], exceeded: false },
    ],
    [
      'a new period starts from the bytes of this poll',
      use(1010, 90, TODAY - DAY),
      7,
      TODAY - 5,
      { use: use(7), used: 7, warn: [], exceeded: false },
    ],
    [
      'first poll with a quota',
      { periodStart: null, used: 0, warned: 0 },
      0,
      null,
      { use: use(0), used: 0, warn: [], exceeded: false },
    ],
  ];
  for (const [name, before, added, heldSince, want] of cases) {
    test(name, () => assert.deepEqual(userQuotaStep(DAILY, before, added, NOW, heldSince), want));
  }
});

describe('movedSince', () => {
  const peer = (id: number, userId: number | null, total: number) =>
    ({
      id: id as PeerId,
      userId: userId as UserId | null,
      observed: { rxTotal: total, txTotal: 0 },
    }) as unknown as PeerState;
  const alice = 1 as UserId;
  const bob = 2 as UserId;

  test('counts growth per owner from the second sight, and only for users with a quota', () => {
    const marks = new Map<PeerId, number>();
    const first = movedSince([peer(1, alice, 100), peer(2, bob, 5)], new Set([alice]), marks);
    assert.deepEqual([...first.bytes], []);
    const next = movedSince(
      [peer(1, alice, 150), peer(3, alice, 40), peer(2, bob, 50)],
      new Set([alice]),
      marks,
    );
    assert.deepEqual([...next.bytes], [[alice, 50]]);
    assert.deepEqual(
      next.peers.get(alice)?.map((s) => s.id),
      [1],
    );
    assert.deepEqual(
      [...marks],
      [
        [1, 150],
        [3, 40],
      ],
    );
  });

  test('a peer moved to another user brings only its new bytes', () => {
    const marks = new Map<PeerId, number>([[1 as PeerId, 100]]);
    const moved = movedSince([peer(1, bob, 130)], new Set([alice, bob]), marks);
    assert.deepEqual([...moved.bytes], [[bob, 30]]);
  });
});
