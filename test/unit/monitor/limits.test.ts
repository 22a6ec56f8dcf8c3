import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PeerId, UserId } from '../../../main/store/types';
import {
  countByUser,
  selectCuts,
  type LimitedUser,
  type OnlineDevice,
} from '../../../main/services/access/select-cuts';

const user = (id: number, maxDevices: number): LimitedUser => ({
  id: id as UserId,
  name: `u${id}`,
  maxDevices,
});
const dev = (peerId: number, userId: number, sessionStartedAt: number): OnlineDevice => ({
  peerId: peerId as PeerId,
  key: `wg:${peerId}`,
  userId: userId as UserId,
  sessionStartedAt,
});
/** A session of another protocol (issue 14): no peer, only a key. */
const ovpn = (cid: number, userId: number, sessionStartedAt: number): OnlineDevice => ({
  peerId: null,
  key: `ovpn:1:${cid}:alice`,
  userId: userId as UserId,
  sessionStartedAt,
});

describe('selectCuts', () => {
  const cases: [string, LimitedUser[], OnlineDevice[], number[]][] = [
    ['within the limit', [user(1, 2)], [dev(10, 1, 100), dev(11, 1, 200)], []],
    ['one over: the oldest goes', [user(1, 1)], [dev(11, 1, 200), dev(10, 1, 100)], [10]],
    [
      'two over: the two oldest go',
      [user(1, 1)],
      [dev(10, 1, 300), dev(11, 1, 100), dev(12, 1, 200)],
      [11, 12],
    ],
    ['limit 0 never cuts', [user(1, 0)], [dev(10, 1, 1), dev(11, 1, 2), dev(12, 1, 3)], []],
    ['same start: the lower peer id is older', [user(1, 1)], [dev(12, 1, 5), dev(10, 1, 5)], [10]],
    ['other users untouched', [user(1, 1)], [dev(10, 2, 1), dev(11, 2, 2)], []],
    [
      'each user on their own',
      [user(1, 1), user(2, 2)],
      [dev(10, 1, 1), dev(11, 1, 2), dev(20, 2, 1), dev(21, 2, 2), dev(22, 2, 3)],
      [10, 20],
    ],
    ['nobody online', [user(1, 1)], [], []],
  ];
  for (const [name, users, online, want] of cases) {
    test(name, () => {
      assert.deepEqual(
        selectCuts(users, online).map((c) => c.peerId),
        want,
      );
    });
  }

  test('a cut says who, how many, and the limit', () => {
    const [cut] = selectCuts([user(1, 1)], [dev(10, 1, 1), dev(11, 1, 2)]);
    assert.deepEqual(cut, {
      userId: 1,
      userName: 'u1',
      online: 2,
      limit: 1,
      peerId: 10,
      key: 'wg:10',
    });
  });

  test('issue 14: sessions of both protocols are counted together, the oldest is cut', () => {
    const keys = (online: OnlineDevice[]): string[] =>
      selectCuts([user(1, 1)], online).map((c) => c.key);
    assert.deepEqual(keys([dev(10, 1, 5), ovpn(3, 1, 2)]), ['ovpn:1:3:alice']);
    assert.deepEqual(keys([dev(10, 1, 1), ovpn(3, 1, 2)]), ['wg:10']);
    // Same second: the lower client id (the earlier session) goes, compared as a number.
    assert.deepEqual(keys([ovpn(10, 1, 2), ovpn(9, 1, 2)]), ['ovpn:1:9:alice']);
    assert.deepEqual(keys([ovpn(9, 2, 2), ovpn(10, 1, 2)]), []);
  });

  test('countByUser', () => {
    assert.deepEqual(
      [...countByUser([dev(1, 1, 0), dev(2, 1, 0), dev(3, 2, 0)])],
      [
        [1, 2],
        [2, 1],
      ],
    );
  });
});
