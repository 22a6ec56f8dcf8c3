// The address bar with boxes: which engine and which page a fragment names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashToPlace, placeToHash, type Place } from '../../../renderer/boxes/place';

describe('a place in the address bar', () => {
  const places: readonly [string, Place][] = [
    ['#/servers', { target: null, route: { page: 'servers' } }],
    ['#/servers/5', { target: null, route: { page: 'peers', interfaceId: 5 } }],
    ['#/box/2/servers', { target: 2, route: { page: 'servers' } }],
    ['#/box/2/servers/5', { target: 2, route: { page: 'peers', interfaceId: 5 } }],
    [
      '#/box/2/servers/5/settings',
      { target: 2, route: { page: 'server-settings', interfaceId: 5 } },
    ],
    ['#/box/12/peers/7', { target: 12, route: { page: 'peer', peerId: 7 } }],
    ['#/box/3/users', { target: 3, route: { page: 'users' } }],
    ['#/box/3/logs', { target: 3, route: { page: 'logs' } }],
  ];
  for (const [hash, place] of places) {
    test(`${hash} is read back as written`, () => {
      assert.equal(placeToHash(place), hash);
      assert.deepEqual(hashToPlace(hash), place);
    });
  }

  test('a box with nothing after it is its overview', () => {
    assert.deepEqual(hashToPlace('#/box/4'), { target: 4, route: { page: 'servers' } });
    assert.deepEqual(hashToPlace('#/box/4/'), { target: 4, route: { page: 'servers' } });
  });

  test('a box page that is not a page is that box’s overview', () => {
    assert.deepEqual(hashToPlace('#/box/4/nope/1'), { target: 4, route: { page: 'servers' } });
  });

  test('a malformed box is this machine’s overview, never another box', () => {
    for (const h of [
      '#/box',
      '#/box/',
      '#/box/0',
      '#/box/x/servers',
      '#/box/-1',
      '#/box/01/users',
    ]) {
      assert.deepEqual(hashToPlace(h), { target: null, route: { page: 'servers' } }, h);
    }
  });

  test('without a box: this machine, as before boxes (a token fragment too)', () => {
    assert.deepEqual(hashToPlace(''), { target: null, route: { page: 'servers' } });
    assert.deepEqual(hashToPlace('#token=abc'), { target: null, route: { page: 'servers' } });
    assert.deepEqual(hashToPlace('#/boxes'), { target: null, route: { page: 'servers' } });
    assert.deepEqual(hashToPlace('#/users'), { target: null, route: { page: 'users' } });
  });
});
