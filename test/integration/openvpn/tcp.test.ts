/**
 * Attaching over TCP (issue 14): the real OpenVPN server's management
 * interface on 127.0.0.1:port with its password file, wgdesk connected to it
 * over TCP (through the lab's relay, see lab.tcpRelay()), sees a real
 * client's session, records its bytes in the identity's traffic history, and
 * ends it: the client's own log shows the kill.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor, useRig } from '../rig';
import { ADMIN, world } from '../services/setup';
import { OpenVpnLab } from './lab';

const rig = useRig();
const KILLED = 'Connection reset command was pushed by server';

test('a server managed over TCP on loopback: its session is seen and ended', async () => {
  const ns = await rig.namespace('ovt');
  const lab = new OpenVpnLab(rig, ns);
  const laptop = await lab.cert('laptop');
  await lab.startServer([laptop], { management: 'tcp' });
  const port = await lab.tcpRelay();
  const { services, store } = await world(rig, ns);
  const ovpn = services.openvpn;
  const id = ovpn.attach(
    {
      name: 'tcp',
      address: { kind: 'tcp', host: '127.0.0.1', port },
      password: lab.password,
      identityBy: 'common_name',
    },
    ADMIN,
  ).server.id;
  ovpn.start();
  try {
    await waitFor(() => ovpn.status(id).state === 'up', 10_000, 'the TCP management link');
    const client = await lab.startClient(laptop);
    await waitFor(() => ovpn.status(id).sessions.length === 1, 15_000, 'the laptop session');
    const [s] = ovpn.status(id).sessions;
    assert.equal(s?.commonName, 'laptop');

    // Its bytes (from `status 3`) go to the identity's history, read as the window reads it.
    const history = () =>
      services.history.identityHistory(id, 'laptop', Date.now() - 3_600_000, Date.now() + 1);
    const sum = (k: 'rx' | 'tx') => history().points.reduce((n, p) => n + p[k], 0);
    await waitFor(
      () => sum('rx') > 0 && sum('tx') > 0,
      15_000,
      "the laptop's bytes in its history",
    );
    assert.equal(history().protocol, 'openvpn');
    const live = ovpn.status(id).sessions[0];
    assert.ok(sum('rx') <= (live?.rx ?? 0), 'no more than the session carried');

    await ovpn.disconnect(id, s?.clientId ?? -1, undefined, ADMIN);
    await waitFor(() => client.log().includes(KILLED), 15_000, "the kill in the laptop's log");
    assert.deepEqual(
      store.openvpnLog.list({ event: 'admin_disconnect' }).map((e) => [e.identity, e.serverId]),
      [['laptop', id]],
    );
    // The server's own log: the command came over the TCP management interface.
    assert.match(lab.serverLog(), /MANAGEMENT: Client connected from \[AF_INET\]127\.0\.0\.1/);
  } finally {
    ovpn.stop();
  }
});
