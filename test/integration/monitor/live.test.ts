/**
 * Live status on real WireGuard: a client's handshake is online within two
 * polls, its RX/TX grow while it sends, a restarted server interface does not
 * make totals go down, and history, summary and the connection log show it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServices } from '../../../main/services';
import { useRig, waitFor } from '../rig';
import {
  addClient,
  bringUp,
  openApp,
  pingForever,
  serverHost,
  startServer,
  watchKernel,
} from './net';

const rig = useRig();
const POLL_MS = 1000;

test('online within two polls, growing totals, a restart that loses nothing', async () => {
  const at = await serverHost(rig);
  const app = await openApp(rig, at.host);
  const server = await startServer(rig, at, app.store);
  const services = createServices(app.ctx, { pollIntervalMs: POLL_MS });
  services.start();
  try {
    const client = await addClient(rig, server, app.store, 1);
    const id = client.peer.id;
    const handshakeSeen = await watchKernel(
      server,
      client.peer.publicKey,
      (p) => p?.latestHandshake !== null && p !== undefined,
      10_000,
      'the handshake in the kernel',
    );
    const online = await app.events.waitStats(id, (s) => s.status === 'online', 5_000, 'online');
    assert.ok(
      online.arrived - handshakeSeen <= 2 * POLL_MS,
      `online ${online.arrived - handshakeSeen} ms after the handshake (limit ${2 * POLL_MS})`,
    );
    assert.match(online.endpoint ?? '', /^192\.0\.2\.6:\d+$/);

    // RX and TX grow while the client sends: 10 pings of 1000 bytes, answered.
    const before = app.events.stats(id).at(-1);
    assert.ok(before);
    await rig.exec(client.ns, 'ping', ['-c', '10', '-i', '0.1', '-s', '1000', '10.66.0.1']);
    const grown = await app.events.waitStats(
      id,
      (s) => s.rxTotal >= before.rxTotal + 10_000 && s.txTotal >= before.txTotal + 10_000,
      5_000,
      'RX and TX up by the pings',
    );
    assert.ok(grown.rxRate > 0 || grown.txRate > 0, 'a rate while it sends');

    // Restart the server interface: the kernel's counters start from zero again.
    const beforeRestart = grown.rxTotal;
    const restartAt = Date.now();
    await server.host.deleteInterface(server.iface.name);
    await waitFor(
      () => app.events.stats(id).some((s) => s.arrived > restartAt && s.status === 'offline'),
      5_000,
      'the monitor sees the interface gone',
    );
    await bringUp(server, app.store);
    // The client decides when to handshake again: its data going unanswered for
    // 15 s (keepalives alone never trigger it), so it keeps sending meanwhile.
    const pinging = pingForever(client.ns, '10.66.0.1');
    try {
      await app.events.waitStats(
        id,
        (s) => s.status === 'online',
        30_000,
        'online again after the restart',
        restartAt,
      );
    } finally {
      await pinging.stop();
    }
    await rig.exec(client.ns, 'ping', ['-c', '5', '-i', '0.1', '-s', '1000', '10.66.0.1']);
    await app.events.waitStats(
      id,
      (s) => s.rxTotal >= beforeRestart + 5000,
      5_000,
      'totals above where they were before the restart',
    );
    const totals = app.events.stats(id).filter((s) => s.status !== 'disconnected');
    for (let i = 1; i < totals.length; i++) {
      const [a, b] = [totals[i - 1], totals[i]];
      assert.ok(a && b && b.rxTotal >= a.rxTotal && b.txTotal >= a.txTotal, 'never down');
    }

    // What the scenario produced, read back through the queries.
    const now = Date.now();
    const history = services.history.peerHistory(id, now - 3_600_000, now);
    assert.equal(history.resolution, 60);
    const last = app.store.peers.require(id);
    assert.equal(
      history.points.reduce((s, p) => s + p.rx, 0),
      last.rxTotal,
      'every received byte is in the history',
    );
    const summary = services.history.interfaceSummary(server.iface.id);
    assert.ok(summary.rx >= last.rxTotal && summary.tx >= last.txTotal);
    assert.deepEqual([summary.peers, summary.freeIpv4], [1, 252]);
    const log = services.connections.list({ peerId: id }).map((c) => c.event);
    assert.deepEqual(log, ['connected', 'disconnected', 'connected']);
    const csv = services.connections.csv({ peerId: id }).text;
    assert.equal(csv.trimEnd().split('\r\n').length, 4);
  } finally {
    await services.stop();
    app.db.close();
  }
});
