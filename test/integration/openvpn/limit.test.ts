/**
 * Device limits on a real OpenVPN server (issue 14): two real clients of a
 * user with a limit of 1. The session that started first is ended through the
 * management interface (the client's own log says the server reset it), it
 * stays out for the cool-down (its reconnects are ended on sight), and the
 * connection log says who went over, by how much and which session was cut.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpenVpnServerId } from '../../../main/store';
import { waitFor, useRig } from '../rig';
import { ADMIN, world } from '../services/setup';
import { OpenVpnLab } from './lab';
import { decodeReason } from '../../../shared/reason';

const rig = useRig();
const KILLED = 'Connection reset command was pushed by server';

test('limit 1 over two OpenVPN clients: the older session is cut and held out', async () => {
  const ns = await rig.namespace('ov');
  const lab = new OpenVpnLab(rig, ns);
  const [laptop, phone] = await Promise.all([lab.cert('laptop'), lab.cert('phone')]);
  await lab.startServer([laptop, phone]);
  const { services, store } = await world(rig, ns);
  const alice = store.users.insert({ name: 'alice', maxDevices: 1, limitCooldownS: 600 });
  const ovpn = services.openvpn;
  const server = ovpn.attach(
    {
      name: 'office',
      address: { kind: 'unix', path: lab.socket },
      password: lab.password,
      identityBy: 'common_name',
    },
    ADMIN,
  ).server;
  ovpn.assign(server.id, 'laptop', alice.id, ADMIN);
  ovpn.assign(server.id, 'phone', alice.id, ADMIN);
  ovpn.start();
  try {
    await scenario();
  } finally {
    ovpn.stop();
  }

  async function scenario(): Promise<void> {
    const names = (id: OpenVpnServerId): string[] =>
      ovpn
        .status(id)
        .sessions.map((s) => s.identity ?? '?')
        .sort();

    await waitFor(() => ovpn.status(server.id).state === 'up', 10_000, 'the management link');
    const first = await lab.startClient(laptop);
    await waitFor(() => names(server.id).join() === 'laptop', 15_000, 'the laptop session');
    assert.equal(services.users.get(alice.id).devicesOnline, 1);

    const second = await lab.startClient(phone);
    await waitFor(() => first.log().includes(KILLED), 15_000, "the kill in the laptop's log");
    assert.ok(!second.log().includes(KILLED), 'the newer session was not cut');
    await waitFor(() => names(server.id).join() === 'phone', 10_000, 'only the phone left');

    // Logged once the server has answered the kill, which may come after the client saw it.
    const cuts = () => store.openvpnLog.list({ event: 'limit_disconnect' });
    await waitFor(() => cuts().length > 0, 10_000, 'the cut in the log');
    const [cut] = cuts();
    assert.equal(cut?.identity, 'laptop');
    assert.equal(cut?.userName, 'alice');
    const overLimit = { code: 'over_limit', user: 'alice', online: 2, limit: 1 };
    assert.deepEqual(decodeReason(cut?.detail ?? null), overLimit);
    const logged = services.connections.list({ userId: alice.id, event: 'limit_disconnect' });
    assert.deepEqual(
      logged.map((e) => [e.protocol, e.peerName, e.reason]),
      [['openvpn', 'laptop', overLimit]],
    );
    const csv = services.connections.csv({ userId: alice.id, event: 'limit_disconnect' }).text;
    assert.match(
      csv.split('\r\n')[1] ?? '',
      /,limit_disconnect,,laptop,,\d+,alice,.*,openvpn,\d+$/,
    );
    const held = store.openvpn.identities(server.id).find((i) => i.name === 'laptop');
    assert.ok((held?.heldUntil ?? 0) > Date.now() + 590_000, 'held out for the cool-down');

    // The laptop's client retries at once: each try is ended on sight, never counted.
    const resets = (): number => first.log().split(KILLED).length - 1;
    await waitFor(() => resets() >= 2, 15_000, "the laptop's retry ended too");
    assert.deepEqual(names(server.id), ['phone']);
    assert.equal(services.users.get(alice.id).devicesOnline, 1);
    assert.equal(store.openvpnLog.list({ event: 'limit_disconnect' }).length, 1, 'one cut logged');
  }
});
