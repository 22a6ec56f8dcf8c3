import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PeerStats } from '../../../shared/contract';
import {
  addressKey,
  DEFAULT_QUERY,
  queryPeers,
  type PeerQuery,
} from '../../../renderer/lib/peer-query';
import { peer, stats } from './fixtures';

const peers = [
  peer(1, { name: 'laptop-10', addresses: ['10.0.0.10/32'], userId: 1 }),
  peer(2, { name: 'laptop-9', addresses: ['10.0.0.9/32'], type: 'service' }),
  peer(3, {
    name: 'Gateway',
    addresses: ['fd00::3/128'],
    type: 'gateway',
    email: 'ops@example.com',
  }),
  peer(4, { name: 'phone', addresses: ['10.0.1.1/32'], disconnected: true }),
  peer(5, { name: 'tablet', addresses: ['10.0.0.200/32'] }),
];
const live = new Map<number, PeerStats>([
  [
    1,
    stats(1, {
      status: 'online',
      rxTotal: 500,
      txTotal: 10,
      rxRate: 5,
      txRate: 1,
      lastHandshake: 900,
    }),
  ],
  [2, stats(2, { status: 'offline', rxTotal: 900, txTotal: 20, lastHandshake: 100 })],
  [
    3,
    stats(3, {
      status: 'online',
      rxTotal: 100,
      txTotal: 30,
      rxRate: 50,
      txRate: 50,
      lastHandshake: 950,
    }),
  ],
  [4, stats(4, { status: 'disconnected', rxTotal: 9999, txTotal: 9999 })],
]);
const owners: Record<number, string> = { 1: 'alice' };
const ownerOf = (p: (typeof peers)[number]) =>
  p.userId === null ? (p.email ?? '') : (owners[p.userId] ?? '');
const run = (q: Partial<PeerQuery>) =>
  queryPeers(peers, live, { ...DEFAULT_QUERY, ...q }, ownerOf).map((p) => p.id);

describe('queryPeers: search', () => {
  test('by name, case-insensitive', () => assert.deepEqual(run({ search: 'LAPTOP' }), [2, 1]));
  test('by address', () => assert.deepEqual(run({ search: '10.0.1.' }), [4]));
  test('by owner name and by email', () => {
    assert.deepEqual(run({ search: 'alice' }), [1]);
    assert.deepEqual(run({ search: 'ops@' }), [3]);
  });
  test('by public key fragment', () => assert.deepEqual(run({ search: 'kkkk5=' }), [5]));
  test('blank search matches all', () => assert.equal(run({ search: '   ' }).length, 5));
});

describe('queryPeers: filters', () => {
  test('by status, with no stats meaning never connected', () => {
    assert.deepEqual(run({ statuses: ['online'] }), [3, 1]);
    assert.deepEqual(run({ statuses: ['never'] }), [5]);
    assert.deepEqual(run({ statuses: ['disconnected', 'offline'] }), [2, 4]);
  });
  test('by type', () => assert.deepEqual(run({ types: ['gateway', 'service'] }), [3, 2]));
  test('filters and search combine', () =>
    assert.deepEqual(run({ types: ['client'], search: 'laptop' }), [1]));
});

describe('queryPeers: sort', () => {
  test('names in natural order: laptop-9 before laptop-10', () => {
    assert.deepEqual(run({}), [3, 2, 1, 4, 5]);
  });
  test('descending flips the order', () => {
    assert.deepEqual(run({ sort: { column: 'name', desc: true } }), [5, 4, 1, 2, 3]);
  });
  test('addresses numerically, IPv6 after IPv4', () => {
    assert.deepEqual(run({ sort: { column: 'address', desc: false } }), [2, 1, 5, 4, 3]);
  });
  test('RX by what the row shows: a disconnected peer by its last totals', () => {
    assert.deepEqual(run({ sort: { column: 'rx', desc: true } }), [4, 2, 1, 3, 5]);
  });
  test('rate adds both directions', () => {
    assert.deepEqual(run({ sort: { column: 'rate', desc: true } })[0], 3);
  });
  test('latest handshake first, never-seen last', () => {
    assert.deepEqual(run({ sort: { column: 'handshake', desc: true } }), [3, 1, 2, 4, 5]);
  });
  test('status: online first; ties keep id order', () => {
    assert.deepEqual(run({ sort: { column: 'status', desc: false } }), [1, 3, 2, 5, 4]);
  });
  test('owner: peers without an owner sort first (empty)', () => {
    assert.deepEqual(run({ sort: { column: 'owner', desc: false } }), [2, 4, 5, 1, 3]);
  });
});

describe('addressKey', () => {
  test('IPv4 as a number, none as last', () => {
    assert.ok((addressKey(['10.0.0.9/32']) as number) < (addressKey(['10.0.0.10/32']) as number));
    assert.equal(addressKey([]), Number.MAX_SAFE_INTEGER);
    assert.equal(addressKey(['fd00::1/128']), 'fd00::1/128');
  });
});

describe('queryPeers at scale', () => {
  test('50,000 peers are filtered and sorted (smoke: completes, right count)', () => {
    const many = Array.from({ length: 50_000 }, (_, i) =>
      peer(i + 1, { name: `device-${50_000 - i}` }),
    );
    const out = queryPeers(many, new Map(), { ...DEFAULT_QUERY, search: 'device-1' }, () => '');
    // device-1, device-10..19, 100..199, 1000..1999, 10000..19999
    assert.equal(out.length, 1 + 10 + 100 + 1000 + 10_000);
    assert.equal(out[0]?.name, 'device-1');
  });
});
