// An OpenVPN identity's traffic history through the contract (issue 14): bytes
// written as the server's readings would write them, in a real SQLite file,
// read back at minute and hour resolution, marked OpenVPN; pruned with peers'.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS, parseParams } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { openvpnHandlers } from '../../../main/api/handlers/openvpn';
import { createContext, createServices } from '../../../main/services';
import { LOCAL_HOST_ID } from '../../../main/store/types';
import { FakeHost } from '../monitor/fake-host';
import { monitorStore } from '../monitor/helpers';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const MIN = 60_000;

describe('openvpn.history', () => {
  const { store } = monitorStore(() => NOW);
  const ctx = createContext({
    store,
    host: new FakeHost(),
    hostId: LOCAL_HOST_ID,
    now: () => NOW,
    events: () => undefined,
  });
  const handlers = openvpnHandlers(createServices(ctx), { actor: 'admin' });
  const server = store.openvpn.create({
    hostId: LOCAL_HOST_ID,
    name: 'office',
    address: { kind: 'tcp', host: '127.0.0.1', port: 7505 },
    password: null,
    identityBy: 'common_name',
  });
  const minute = (msAgo: number) => Math.floor((NOW - msAgo) / 1000 / 60) * 60;
  store.transaction(() => {
    const d = (identity: string, rx: number, tx: number) => ({
      serverId: server.id,
      identity,
      rx,
      tx,
    });
    store.openvpnSamples.add(minute(10 * MIN), [d('laptop "1"', 100, 10), d('phone', 7, 7)]);
    store.openvpnSamples.add(minute(10 * MIN), [d('laptop "1"', 1, 1)]);
    store.openvpnSamples.add(minute(2 * MIN), [d('laptop "1"', 50, 5)]);
    store.openvpnSamples.add(minute(3 * 3_600_000), [d('laptop "1"', 1000, 100)]);
  });

  async function history(raw: Record<string, unknown>) {
    const params = parseParams(METHODS['openvpn.history'].params, raw);
    if (!params.ok) throw params.error;
    const result = await handlers['openvpn.history'](params.value);
    const checked = METHODS['openvpn.history'].result.safeParse(result);
    assert.ok(checked.success, String(checked.error));
    return result;
  }
  const total = (points: { rx: number; tx: number }[]): [number, number] => [
    points.reduce((n, p) => n + p.rx, 0),
    points.reduce((n, p) => n + p.tx, 0),
  ];

  test('the last hour, per minute: its minutes, summed per bucket, zeros between', async () => {
    const h = await history({
      id: server.id,
      identity: 'laptop "1"',
      from: NOW - 3_600_000,
      to: NOW,
    });
    assert.equal(h.protocol, 'openvpn');
    assert.equal(h.identity, 'laptop "1"');
    assert.equal(h.resolution, 60);
    assert.equal(h.points.length, 60);
    assert.deepEqual(total(h.points), [151, 16]);
    const busy = h.points.filter((p) => p.rx > 0).map((p) => [p.t, p.rx]);
    assert.deepEqual(busy, [
      [minute(10 * MIN) * 1000, 101],
      [minute(2 * MIN) * 1000, 50],
    ]);
  });

  test('30 days, per hour: the hour rows hold every minute', async () => {
    const h = await history({
      id: server.id,
      identity: 'laptop "1"',
      from: NOW - 30 * 86_400_000,
      to: NOW,
    });
    assert.equal(h.resolution, 3600);
    assert.deepEqual(total(h.points), [1151, 116]);
  });

  test('an identity never seen has an empty history; an unknown server is NotFound', async () => {
    const h = await history({ id: server.id, identity: 'nobody', from: NOW - 3_600_000, to: NOW });
    assert.deepEqual(total(h.points), [0, 0]);
    await assert.rejects(
      () => history({ id: 999, identity: 'phone', from: NOW - 3_600_000, to: NOW }),
      (e: unknown) => e instanceof AppError && e.kind === 'NotFound',
    );
    const bad = parseParams(METHODS['openvpn.history'].params, {
      id: server.id,
      identity: 'a\nb',
      from: NOW - 1,
      to: NOW,
    });
    assert.equal(bad.ok, false);
  });

  test('detaching the server takes its history with it', async () => {
    store.openvpn.delete(server.id);
    assert.deepEqual(store.openvpnSamples.series(server.id, 'phone', 60, 0, NOW, 60), []);
  });
});
