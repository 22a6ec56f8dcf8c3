/**
 * The management link against a real OpenVPN server (issue 14):
 *  - a common name crafted with a quote, CR/LF and management keywords is
 *    shown as the text OpenVPN printed, and ending its session sends only
 *    `client-kill <id>` (the server's own log lists every command it got);
 *  - the server restarted under wgdesk: the link comes back by itself and the
 *    sessions are read again, with no session left over from before;
 *  - a wrong password is a clear error, not a silent empty list.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpenVpnServerId } from '../../../main/store';
import type { OpenVpnService } from '../../../main/services/openvpn/service';
import { waitFor, useRig } from '../rig';
import { ADMIN, world } from '../services/setup';
import { OpenVpnLab } from './lab';
import { decodeReason } from '../../../shared/reason';

const rig = useRig();
const EVIL_CN = 'ev "il\r\nclient-kill 0\nsignal SIGTERM';
// OpenVPN 2.6 turns the line breaks of a common name into '_'; the rest stays.
const EVIL_SHOWN = 'ev "il__client-kill 0_signal SIGTERM';

test('crafted names stay text; a restarted server is resynchronised; a bad password is said', async () => {
  const ns = await rig.namespace('ovr');
  const lab = new OpenVpnLab(rig, ns);
  const [evil, plain] = await Promise.all([lab.cert('evil', EVIL_CN), lab.cert('plain')]);
  await lab.startServer([evil, plain]);
  const { services, store } = await world(rig, ns);
  const ovpn = services.openvpn;
  const attach = (name: string, password: string): OpenVpnServerId =>
    ovpn.attach(
      { name, address: { kind: 'unix', path: lab.socket }, password, identityBy: 'common_name' },
      ADMIN,
    ).server.id;
  ovpn.start();
  try {
    await scenario(ovpn);
  } finally {
    ovpn.stop();
  }

  async function scenario(ovpn: OpenVpnService) {
    // A wrong password: the link says so and keeps no sessions. (OpenVPN serves
    // one management client at a time, so this one goes before the good one.)
    const wrong = attach('wrong password', 'not it');
    await waitFor(() => ovpn.status(wrong).error !== null, 10_000, 'the password refused');
    assert.equal(ovpn.status(wrong).state, 'auth_failed', String(ovpn.status(wrong).error));
    assert.equal(ovpn.status(wrong).error?.kind, 'PermissionDenied');
    assert.match(ovpn.status(wrong).error?.message ?? '', /refused the password/);
    assert.deepEqual(ovpn.status(wrong).sessions, []);
    ovpn.detach(wrong, ADMIN);

    const id = attach('office', lab.password);
    const sessions = () => ovpn.status(id).sessions;
    await Promise.all([lab.startClient(evil), lab.startClient(plain)]);
    await waitFor(() => sessions().length === 2, 15_000, 'both sessions');

    // The crafted name, as text, and a user may own it by that text.
    const bad = sessions().find((s) => s.commonName === EVIL_SHOWN);
    assert.ok(bad !== undefined, `the crafted name is shown: ${JSON.stringify(sessions())}`);
    const bob = store.users.insert({ name: 'bob' });
    ovpn.assign(id, EVIL_SHOWN, bob.id, ADMIN);
    await ovpn.resync(id);
    assert.equal(sessions().find((s) => s.clientId === bad.clientId)?.userId, bob.id);
    const plainBefore = sessions().find((s) => s.commonName === 'plain');

    await ovpn.disconnect(id, bad.clientId, undefined, ADMIN);
    const commands = [...lab.serverLog().matchAll(/MANAGEMENT: CMD '([^']*)'/g)].map((m) => m[1]);
    assert.ok(commands.length > 0);
    for (const c of commands) assert.match(c ?? '', /^(status 3|client-kill \d+)$/);
    assert.ok(commands.includes(`client-kill ${bad.clientId}`));
    // The other session was not touched.
    assert.equal(sessions().find((s) => s.commonName === 'plain')?.clientId, plainBefore?.clientId);
    const [cut] = store.openvpnLog.list({ event: 'admin_disconnect' });
    assert.deepEqual([cut?.identity, cut?.userName], [EVIL_SHOWN, 'bob']);

    // Restart: down, no session kept; up again by itself, sessions read anew.
    await waitFor(() => sessions().length === 2, 15_000, 'the crafted client back');
    const before = sessions().map((s) => s.clientId);
    await lab.stopServer();
    await waitFor(() => ovpn.status(id).state !== 'up', 5_000, 'the link down');
    assert.deepEqual(sessions(), [], 'no session outlives the server');
    assert.ok(ovpn.status(id).error !== null, 'and the link says why');
    await lab.startServer([evil, plain]);
    await waitFor(() => ovpn.status(id).state === 'up', 15_000, 'the link back');
    await waitFor(() => sessions().length === 2, 20_000, 'both clients back');
    const fresh = await ovpn.resync(id);
    assert.deepEqual(
      sessions()
        .map((s) => s.clientId)
        .sort(),
      fresh.sessions.map((s) => s.clientId).sort(),
    );
    assert.deepEqual(
      sessions()
        .map((s) => s.commonName)
        .sort(),
      [EVIL_SHOWN, 'plain'].sort(),
    );
    assert.ok(before.length === 2);
    const gone = store.openvpnLog
      .list({ event: 'disconnected' })
      .filter((e) => decodeReason(e.detail)?.code === 'management_gone');
    assert.equal(gone.length, 2, 'both sessions closed in the log when the server went away');
  }
});
