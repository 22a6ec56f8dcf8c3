/**
 * One limit over both protocols (issue 14): a user with a WireGuard device
 * (real wireguard-go, real wg-quick client) and an OpenVPN device (real
 * OpenVPN server and client) and a limit of 1. Whichever of the two started
 * its session first is cut: the OpenVPN one when the WireGuard device comes
 * second (alice), the WireGuard one when the OpenVPN device comes second (bob).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServices } from '../../../main/services';
import { UserRepo } from '../../../main/store/users';
import { waitFor, useRig } from '../rig';
import { ADMIN } from '../services/setup';
import { addClient, openApp, serverHost, startServer, watchKernel } from '../monitor/net';
import { OpenVpnLab } from './lab';
import { setTimeout } from 'node:timers/promises';

const rig = useRig();
const KILLED = 'Connection reset command was pushed by server';

test('limit 1 over a WireGuard and an OpenVPN device: the older is cut, whichever protocol', async () => {
  const at = await serverHost(rig);
  const app = await openApp(rig, at.host);
  const wg = await startServer(rig, at, app.store);
  const lab = new OpenVpnLab(rig, at.ns);
  const [aliceOvpn, bobOvpn] = await Promise.all([lab.cert('alice-ovpn'), lab.cert('bob-ovpn')]);
  await lab.startServer([aliceOvpn, bobOvpn]);
  const users = new UserRepo(app.db, Date.now);
  const alice = users.insert({ name: 'alice', maxDevices: 1, limitCooldownS: 600 });
  const bob = users.insert({ name: 'bob', maxDevices: 1, limitCooldownS: 600 });
  const services = createServices(app.ctx, { pollIntervalMs: 1000 }, { resyncMs: 1000 });
  const ovpn = services.openvpn;
  const server = ovpn.attach(
    {
      name: 'legacy',
      address: { kind: 'unix', path: lab.socket },
      password: lab.password,
      identityBy: 'common_name',
    },
    ADMIN,
  ).server;
  ovpn.assign(server.id, 'alice-ovpn', alice.id, ADMIN);
  ovpn.assign(server.id, 'bob-ovpn', bob.id, ADMIN);
  services.start();
  try {
    await scenario();
  } finally {
    await services.stop();
  }

  async function scenario(): Promise<void> {
    const live = (name: string): boolean =>
      ovpn.status(server.id).sessions.some((s) => s.identity === name);
    const online = (userId: number): number =>
      services.users.list().find((u) => u.id === userId)?.devicesOnline ?? -1;

    // alice: OpenVPN first, then WireGuard. The OpenVPN session is the older: cut.
    const aliceClient = await lab.startClient(aliceOvpn);
    await waitFor(() => live('alice-ovpn'), 15_000, "alice's OpenVPN session");
    // WireGuard gives handshake times in whole seconds: which session is older is
    // only defined when the two start in different seconds.
    await setTimeout(1_100);
    const laptop = await addClient(rig, wg, app.store, 1, alice.id);
    await app.events.waitStats(laptop.peer.id, (s) => s.status === 'online', 10_000, 'laptop');
    await waitFor(() => aliceClient.log().includes(KILLED), 10_000, 'the OpenVPN session cut');
    await waitFor(() => !live('alice-ovpn'), 10_000, 'gone from the live table');
    assert.equal(app.store.peers.require(laptop.peer.id).disconnected, false, 'laptop stays');
    assert.equal(online(alice.id), 1);
    // The cut's log row is written when the server answers the kill, which may come
    // after the client has logged it: wait for the row.
    const aliceCuts = () =>
      services.connections.list({ userId: alice.id, event: 'limit_disconnect' });
    await waitFor(() => aliceCuts().length > 0, 10_000, "the cut's log row");
    const [aliceCut] = aliceCuts();
    assert.equal(aliceCut?.protocol, 'openvpn');
    assert.deepEqual(aliceCut?.reason, { code: 'over_limit', user: 'alice', online: 2, limit: 1 });

    // bob: WireGuard first, then OpenVPN. The WireGuard session is the older: cut.
    const phone = await addClient(rig, wg, app.store, 2, bob.id);
    await app.events.waitStats(phone.peer.id, (s) => s.status === 'online', 10_000, 'phone');
    const bobClient = await lab.startClient(bobOvpn);
    await watchKernel(wg, phone.peer.publicKey, (p) => p === undefined, 15_000, 'phone cut');
    assert.ok(live('bob-ovpn'), "bob's OpenVPN session stays");
    assert.ok(!bobClient.log().includes(KILLED));
    const [bobCut] = services.connections.list({ userId: bob.id, event: 'limit_disconnect' });
    assert.deepEqual(
      [bobCut?.protocol, bobCut?.peerId, bobCut?.reason],
      ['wireguard', phone.peer.id, { code: 'over_limit', user: 'bob', online: 2, limit: 1 }],
    );
    assert.equal(online(bob.id), 1);
  }
});
