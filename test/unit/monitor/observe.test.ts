import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WgKey } from '../../../shared/validate/index';
import type { ObservedPeer } from '../../../main/wireguard';
import type { InterfaceId, PeerId, UserId } from '../../../main/store/types';
import { counterDelta, observe, rateOf } from '../../../main/services/monitor/observe';
import { REJECT_AFTER_TIME_MS, type PeerState } from '../../../main/services/monitor/state';

const KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' as WgKey;
const T = 1_700_000_000_000; // a poll time, unix ms (a whole second)

function state(over: Partial<PeerState> = {}, observed: Partial<PeerState['observed']> = {}) {
  const base: PeerState = {
    id: 7 as PeerId,
    interfaceId: 1 as InterfaceId,
    userId: 3 as UserId,
    publicKey: KEY,
    admission: {
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
    },
    quotaUse: { periodStart: null, base: 0, warned: 0 },
    observed: {
      lastHandshake: null,
      rxTotal: 0,
      txTotal: 0,
      rxLastSeen: 0,
      txLastSeen: 0,
      sessionStartedAt: null,
      sessionRxStart: 0,
      sessionTxStart: 0,
      ...observed,
    },
    endpoint: null,
    rxRate: 0,
    txRate: 0,
    inKernel: true,
    kernelOp: 0,
  };
  return { ...base, ...over };
}

function seen(over: Partial<ObservedPeer> = {}): ObservedPeer {
  return {
    publicKey: KEY,
    hasPresharedKey: false,
    endpoint: '192.0.2.2:40000',
    allowedIps: [],
    latestHandshake: null,
    rxBytes: 0,
    txBytes: 0,
    persistentKeepalive: 0,
    ...over,
  };
}

describe('counters', () => {
  const cases: [string, number, number, number][] = [
    ['grows', 100, 250, 150],
    ['unchanged', 100, 100, 0],
    ['went down: the kernel started over, all of it is new', 5000, 300, 300],
    ['went to zero', 5000, 0, 0],
    ['first reading', 0, 42, 42],
  ];
  for (const [name, last, reading, want] of cases) {
    test(name, () => assert.equal(counterDelta(last, reading), want));
  }
  test('rates', () => {
    assert.equal(rateOf(1000, 1000), 1000);
    assert.equal(rateOf(1000, 500), 2000);
    assert.equal(rateOf(1000, null), 0);
    assert.equal(rateOf(1000, 0), 0);
    assert.equal(rateOf(1, 3000), 0);
  });
});

describe('observe', () => {
  const hs = T / 1000 - 5; // a handshake 5 s before the poll, unix s

  test('first fresh handshake: connected, session starts at the handshake', () => {
    const s = observe(state(), seen({ latestHandshake: hs, rxBytes: 148, txBytes: 92 }), T, 1000);
    assert.deepEqual(s.event, {
      event: 'connected',
      at: hs * 1000,
      endpoint: '192.0.2.2:40000',
      rx: 148,
      tx: 92,
      detail: null,
    });
    assert.equal(s.state.observed.sessionStartedAt, hs * 1000);
    assert.equal(s.state.observed.rxTotal, 148);
    assert.equal(s.state.observed.sessionRxStart, 0);
    assert.equal(s.persist, 'now');
  });

  test('an old handshake (wgdesk started late) is not a connection', () => {
    const old = T / 1000 - 181;
    const s = observe(state(), seen({ latestHandshake: old }), T, null);
    assert.equal(s.event, null);
    assert.equal(s.state.observed.sessionStartedAt, null);
    assert.equal(s.state.observed.lastHandshake, old * 1000);
  });

  test('the handshake exactly 180 s old still counts; one second more does not', () => {
    const at180 = observe(state(), seen({ latestHandshake: T / 1000 - 180 }), T, 1000);
    assert.equal(at180.event?.event, 'connected');
    const at181 = observe(state(), seen({ latestHandshake: T / 1000 - 181 }), T, 1000);
    assert.equal(at181.event, null);
    assert.equal(REJECT_AFTER_TIME_MS, 180_000);
  });

  test('stale: disconnected, dated when the keys expired, with the session bytes', () => {
    const start = (T / 1000 - 400) * 1000;
    const prev = state(
      { endpoint: '192.0.2.2:40000' },
      {
        lastHandshake: start,
        sessionStartedAt: start,
        rxTotal: 10_000,
        txTotal: 20_000,
        rxLastSeen: 9000,
        txLastSeen: 18_000,
        sessionRxStart: 1000,
        sessionTxStart: 2000,
      },
    );
    const s = observe(
      prev,
      seen({ latestHandshake: start / 1000, rxBytes: 9000, txBytes: 18_000 }),
      T,
      1000,
    );
    assert.deepEqual(s.event, {
      event: 'disconnected',
      at: start + REJECT_AFTER_TIME_MS,
      endpoint: '192.0.2.2:40000',
      rx: 9000,
      tx: 18_000,
      detail: JSON.stringify({ code: 'stale', seconds: 180 }),
    });
    assert.equal(s.state.observed.sessionStartedAt, null);
  });

  test('a renewed handshake within a session is written with the minute, not at once', () => {
    const prev = state(
      { endpoint: '192.0.2.2:40000', inKernel: true },
      { lastHandshake: hs * 1000, sessionStartedAt: hs * 1000 },
    );
    const s = observe(prev, seen({ latestHandshake: hs + 120 }), T + 120_000, 1000);
    assert.equal(s.event, null);
    assert.equal(s.state.observed.lastHandshake, (hs + 120) * 1000);
    assert.equal(s.persist, 'later');
  });

  test('roaming while online: endpoint_changed', () => {
    const prev = state(
      { endpoint: '192.0.2.2:40000' },
      { lastHandshake: hs * 1000, sessionStartedAt: hs * 1000 },
    );
    const s = observe(prev, seen({ latestHandshake: hs, endpoint: '198.51.100.9:5000' }), T, 1000);
    assert.equal(s.event?.event, 'endpoint_changed');
    assert.equal(s.event?.endpoint, '198.51.100.9:5000');
    assert.equal(s.event?.detail, JSON.stringify({ code: 'roamed', from: '192.0.2.2:40000' }));
  });

  test('counter reset (interface restarted): totals keep growing', () => {
    const prev = state({}, { rxTotal: 5000, txTotal: 7000, rxLastSeen: 5000, txLastSeen: 7000 });
    const s = observe(prev, seen({ rxBytes: 120, txBytes: 80 }), T, 1000);
    assert.equal(s.state.observed.rxTotal, 5120);
    assert.equal(s.state.observed.txTotal, 7080);
    assert.equal(s.rxDelta, 120);
    assert.equal(s.state.rxRate, 120);
    // Only counters moved: written with the minute's samples, not in this poll.
    assert.equal(s.persist, 'later');
  });

  test('absent from the kernel: no bytes, next reading counts from zero, session ends', () => {
    const prev = state(
      {},
      { lastHandshake: hs * 1000, sessionStartedAt: hs * 1000, rxLastSeen: 900, rxTotal: 900 },
    );
    const s = observe(prev, undefined, T, 1000);
    assert.equal(s.state.observed.rxLastSeen, 0);
    assert.equal(s.state.observed.rxTotal, 900);
    assert.equal(s.state.inKernel, false);
    assert.equal(s.event?.event, 'disconnected');
    assert.equal(s.event?.detail, JSON.stringify({ code: 'left_kernel' }));
    // The last handshake is remembered for "last seen".
    assert.equal(s.state.observed.lastHandshake, hs * 1000);
  });

  test('a disconnected peer never starts a session, even with a fresh handshake in the dump', () => {
    const prev = state({
      admission: { ...state().admission, disconnected: true, disconnectedUntil: null },
    });
    const s = observe(prev, seen({ latestHandshake: hs }), T, 1000);
    assert.equal(s.event, null);
    assert.equal(s.state.observed.sessionStartedAt, null);
  });

  test('nothing changed: the same state object, nothing to write', () => {
    const prev = state({ endpoint: '192.0.2.2:40000' });
    const s = observe(prev, seen(), T, 1000);
    assert.equal(s.state, prev);
    assert.equal(s.persist, 'none');
  });

  test('a re-added peer reports no handshake: the last one we saw stays', () => {
    const prev = state({}, { lastHandshake: (hs - 1000) * 1000 });
    const s = observe(prev, seen({ latestHandshake: null }), T, 1000);
    assert.equal(s.state.observed.lastHandshake, (hs - 1000) * 1000);
  });
});
