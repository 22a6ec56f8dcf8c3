import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PeerRecord } from '../../../main/store/types';
import { belongsInKernel } from '../../../main/services/kernel/spec';
import {
  admissionAt,
  statsOf,
  statusOf,
  type Admission,
  type PeerState,
} from '../../../main/services/monitor/state';
import { addInterface, addPeer, monitorStore } from './helpers';

const NOW = 1_700_000_000_000;
const allowed: Admission = {
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

describe('admission', () => {
  const cases: [string, Partial<Admission>, ReturnType<typeof admissionAt>][] = [
    ['plain', {}, 'allowed'],
    ['disabled', { enabled: false }, 'disabled'],
    ['revoked', { revokedAt: NOW - 1 }, 'disabled'],
    ['expired', { expiresAt: NOW }, 'disabled'],
    ['expires later', { expiresAt: NOW + 1 }, 'allowed'],
    ['disconnected until reconnected', { disconnected: true }, 'disconnected'],
    ['timed, still running', { disconnected: true, disconnectedUntil: NOW + 1 }, 'disconnected'],
    ['timed, over', { disconnected: true, disconnectedUntil: NOW }, 'allowed'],
    ['disabled wins over disconnected', { enabled: false, disconnected: true }, 'disabled'],
  ];
  for (const [name, over, want] of cases) {
    test(name, () => assert.equal(admissionAt({ ...allowed, ...over }, NOW), want));
  }

  test('agrees with belongsInKernel on every case', () => {
    const { store } = monitorStore();
    const iface = addInterface(store, 'wg0');
    const base: PeerRecord = addPeer(store, iface.id, 2);
    for (const [name, over] of cases) {
      const record: PeerRecord = { ...base, ...over };
      const a = admissionAt({ ...allowed, ...over }, NOW);
      assert.equal(a === 'allowed', belongsInKernel(record, NOW), name);
    }
  });
});

describe('status and live numbers', () => {
  const s = (over: Partial<PeerState['observed']>, admission: Partial<Admission> = {}) =>
    ({
      id: 1,
      interfaceId: 1,
      userId: null,
      publicKey: 'k',
      admission: { ...allowed, ...admission },
      observed: {
        lastHandshake: null,
        rxTotal: 500,
        txTotal: 700,
        rxLastSeen: 0,
        txLastSeen: 0,
        sessionStartedAt: null,
        sessionRxStart: 0,
        sessionTxStart: 0,
        ...over,
      },
      endpoint: '192.0.2.2:1',
      rxRate: 10,
      txRate: 20,
      inKernel: true,
      kernelOp: 0,
    }) as unknown as PeerState;

  const cases: [string, PeerState, string][] = [
    ['never', s({}), 'never'],
    ['online', s({ lastHandshake: NOW, sessionStartedAt: NOW }), 'online'],
    ['offline', s({ lastHandshake: NOW - 200_000 }), 'offline'],
    ['disconnected', s({ lastHandshake: NOW }, { disconnected: true }), 'disconnected'],
    ['disabled', s({}, { enabled: false }), 'disabled'],
  ];
  for (const [name, state, want] of cases) {
    test(name, () => assert.equal(statusOf(state, NOW), want));
  }

  test('a disconnected peer keeps its last totals, with no rate, handshake or endpoint', () => {
    const stats = statsOf(s({ lastHandshake: NOW }, { disconnected: true }), NOW);
    assert.deepEqual(stats, {
      id: 1,
      status: 'disconnected',
      outReason: 'disconnected',
      outUntil: null,
      lastHandshake: null,
      endpoint: null,
      rxTotal: 500,
      txTotal: 700,
      rxRate: 0,
      txRate: 0,
    });
  });

  test('an online peer shows its totals and rates', () => {
    const stats = statsOf(s({ lastHandshake: NOW, sessionStartedAt: NOW }), NOW);
    assert.deepEqual(stats, {
      id: 1,
      status: 'online',
      outReason: null,
      outUntil: null,
      lastHandshake: NOW,
      endpoint: '192.0.2.2:1',
      rxTotal: 500,
      txTotal: 700,
      rxRate: 10,
      txRate: 20,
    });
  });
});
