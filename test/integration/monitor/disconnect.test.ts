/**
 * Disconnect and reconnect on real WireGuard: the client's pings stop being
 * answered within a second, the row stays (disconnected), a restarted app keeps
 * the peer out of the kernel, Reconnect brings the handshake back, and a timed
 * disconnect ends by itself. Both sides are in the connection and audit logs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServices, type Services } from '../../../main/services';
import { peerSpecOf } from '../../../main/services/kernel/spec';
import { useRig, waitFor } from '../rig';
import {
  addClient,
  openApp,
  pingForever,
  serverHost,
  startServer,
  watchKernel,
  type App,
  type Client,
  type Server,
} from './net';

const rig = useRig();
const admin = { actor: 'admin' };

async function inKernel(server: Server, client: Client): Promise<boolean> {
  const dump = await server.host.readInterface(server.iface.name);
  return dump.peers.some((p) => p.publicKey === client.peer.publicKey);
}

/** Waits for the client's next handshake while it keeps sending (that is what makes it retry). */
async function backOnline(app: App, client: Client, since: number, label: string): Promise<void> {
  const pinging = pingForever(client.ns, '10.66.0.1');
  try {
    await app.events.waitStats(client.peer.id, (s) => s.status === 'online', 30_000, label, since);
  } finally {
    await pinging.stop();
  }
}

test('disconnect cuts at once and survives a restart; reconnect and timers bring it back', async () => {
  const at = await serverHost(rig);
  let app = await openApp(rig, at.host);
  const server = await startServer(rig, at, app.store);
  let services: Services = createServices(app.ctx);
  services.start();
  try {
    const client = await addClient(rig, server, app.store, 1);
    const id = client.peer.id;
    await app.events.waitStats(id, (s) => s.status === 'online', 10_000, 'online');

    // Disconnect while the client pings: once the call has returned, the peer
    // is out of the kernel and no reply comes back (a reply already on its way
    // may still land: 250 ms of slack). How fast the call is belongs to
    // `npm run bench -- monitor`, not to a limit here that a loaded machine breaks.
    const pinging = pingForever(client.ns, '10.66.0.1');
    await new Promise((r) => setTimeout(r, 500));
    const calledAt = Date.now();
    const [stats] = await services.access.disconnect([id], undefined, admin);
    const returnedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    const replies = await pinging.stop();
    assert.ok(
      replies.some((t) => t < calledAt),
      'the ping worked before',
    );
    const lastReply = Math.max(...replies);
    assert.ok(
      lastReply <= returnedAt + 250,
      `a reply came ${lastReply - returnedAt} ms after disconnect returned`,
    );
    assert.equal(await inKernel(server, client), false);
    assert.deepEqual(
      [stats?.status, stats?.lastHandshake, stats?.endpoint, stats?.rxRate, stats?.txRate],
      ['disconnected', null, null, 0, 0],
    );
    // issue 15: what it moved before the cut stays shown, not 0 B.
    assert.ok((stats?.rxTotal ?? 0) > 0 && (stats?.txTotal ?? 0) > 0, 'its last totals');
    const row = app.store.peers.require(id);
    assert.deepEqual([row.disconnected, row.disconnectedUntil], [true, null]);
    const shown = services.monitor.snapshot(server.iface.id).peers.find((p) => p.id === id);
    assert.equal(shown?.status, 'disconnected');

    // Restart the app: a new services instance on the same database file.
    await services.stop();
    app.db.close();
    app = await openApp(rig, server.host);
    services = createServices(app.ctx);
    services.start();
    await waitFor(
      () => app.events.stats(id).some((s) => s.status === 'disconnected'),
      5_000,
      'the restarted monitor shows it disconnected',
    );
    assert.equal(await inKernel(server, client), false, 'still out after the restart');
    // Something re-adds it behind wgdesk's back: the monitor takes it out again.
    await server.host.setPeer(server.iface.name, peerSpecOf(client.peer, app.store.peers));
    await watchKernel(server, client.peer.publicKey, (p) => p === undefined, 5_000, 'out again');

    // Reconnect: same keys, PSK and addresses; the client handshakes again.
    const reconnectAt = Date.now();
    await services.access.reconnect([id], admin);
    assert.equal(await inKernel(server, client), true);
    const dump = await server.host.readInterface(server.iface.name);
    const back = dump.peers.find((p) => p.publicKey === client.peer.publicKey);
    assert.deepEqual([back?.hasPresharedKey, back?.allowedIps], [true, ['10.66.0.2/32']]);
    await backOnline(app, client, reconnectAt, 'online after Reconnect');

    // For 2 seconds: it comes back without anyone clicking.
    const timedAt = Date.now();
    await services.access.disconnect([id], 2, admin);
    assert.equal(await inKernel(server, client), false);
    await watchKernel(server, client.peer.publicKey, (p) => p !== undefined, 5_000, 'back in');
    assert.ok(Date.now() - timedAt >= 2000, 'not before its time');
    await backOnline(app, client, timedAt, 'online after the timed disconnect');

    const log = services.connections.list({ peerId: id }).map((c) => [c.event, c.reason]);
    assert.deepEqual(log.reverse(), [
      ['connected', null],
      ['admin_disconnect', { code: 'admin_cut', actor: 'admin', forSeconds: null }],
      ['admin_reconnect', { code: 'admin_let_back', actor: 'admin' }],
      ['connected', null],
      ['admin_disconnect', { code: 'admin_cut', actor: 'admin', forSeconds: 2 }],
      [
        'auto_reconnect',
        { code: 'time_up', after: { code: 'admin_cut', actor: 'admin', forSeconds: 2 } },
      ],
      ['connected', null],
    ]);
    const audit = app.store.audit
      .list({ targetType: 'peer', targetId: id })
      .map((a) => a.action)
      .filter((a) => a !== 'peer.conntrack_flush');
    assert.deepEqual(audit.reverse(), [
      'peer.disconnect',
      'peer.reconnect',
      'peer.disconnect',
      'peer.auto_reconnect',
    ]);
    await services.idle();
    const flush = app.store.audit.list({ action: 'peer.conntrack_flush' })[0];
    assert.equal(flush?.details.outcome, 'flushed', 'conntrack is installed here');
  } finally {
    await services.stop();
    app.db.close();
  }
});
