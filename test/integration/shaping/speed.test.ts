/**
 * Speed limits with real packets: a peer limited to 2 Mbit/s measures within
 * ±15% of it with iperf3 in both directions through a wireguard-go tunnel,
 * while an unlimited peer beside it is not slowed; changing and removing a
 * limit applies; a limit comes back after an engine restart (the link and
 * its ifb gone, as after a reboot); another device's qdisc is untouched; bad
 * input is refused naming the field, with nothing changed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
  parseSpeedKbps,
} from '../../../shared/validate';
import { METHODS, parseParams } from '../../../shared/contract';
import { createContext, createServices } from '../../../main/services';
import { ifbNameOf } from '../../../main/host/shaping';
import { LOCAL_HOST_ID, type InterfaceId, type PeerId } from '../../../main/store';
import { useRig, waitFor } from '../rig';
import { Lan } from '../services/net';
import { ADMIN, appError, clientUp, ping, world } from '../services/setup';
import { iperfMbps, iperfServer } from './iperf';

const rig = useRig();
const LIMIT_KBPS = 2000;
const RUN_S = 3;

const within15 = (mbps: number, kbps: number): boolean =>
  Math.abs(mbps * 1000 - kbps) <= 0.15 * kbps;

test('speed limits shape real traffic, per peer and direction', async (t) => {
  const lan = await Lan.create(rig, 's');
  const srv = lan.server;
  const w = await world(rig, srv, 'wgdesk.db', undefined, undefined, join(rig.dir, 'run'));
  const { store } = w;
  let services = w.services;
  const name = unwrap(parseInterfaceName(rig.name('s0')));
  const ifb = ifbNameOf(name);
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51820)),
      ipv4Address: unwrap(parseInterfaceAddress('10.66.0.1/24')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51820')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  // Another device's own qdisc (dummy links do not exist here: a veth pair).
  const other = `${srv}x`;
  await rig.exec(srv, 'ip', ['link', 'add', other, 'type', 'veth', 'peer', 'name', `${srv}y`]);
  await rig.exec(srv, 'tc', [
    'qdisc',
    'add',
    'dev',
    other,
    'root',
    'tbf',
    'rate',
    '1mbit',
    'burst',
    '32kbit',
    'latency',
    '400ms',
  ]);
  const otherQdisc = () => rig.exec(srv, 'tc', ['qdisc', 'show', 'dev', other]);
  const pristine = await otherQdisc();

  const kbps = (n: number) => unwrap(parseSpeedKbps(n));
  const peer = (label: string, limit: number | null) =>
    services.peers.create(
      {
        interfaceId: id,
        name: unwrap(parseConfText(label)),
        type: 'client',
        tunnelMode: 'hub',
        keepalive: unwrap(parseKeepalive(1)),
        presharedKey: false,
        keepPrivateKey: true,
        bandwidthDownKbps: limit === null ? null : kbps(limit),
        bandwidthUpKbps: limit === null ? null : kbps(limit),
      },
      ADMIN,
    );
  const slow = await peer('slow', LIMIT_KBPS);
  const fast = await peer('fast', null);
  assert.equal(slow.peer.speedDownKbps, LIMIT_KBPS);
  assert.equal(fast.peer.speedDownKbps, null);
  const ns = { slow: await lan.client('a'), fast: await lan.client('b') };
  for (const [k, p] of [
    ['slow', slow],
    ['fast', fast],
  ] as const) {
    await clientUp(
      rig,
      ns[k],
      rig.name(`c${k[0] ?? ''}`),
      services.configs.forPeer(p.peer.id as PeerId).text,
    );
    await ping(rig, ns[k], '10.66.0.1');
  }
  await iperfServer(rig, srv, '10.66.0.1', 5201);
  const measure = (who: keyof typeof ns, reverse: boolean) =>
    iperfMbps(rig, ns[who], '10.66.0.1', 5201, RUN_S, reverse);

  await t.test(
    'the limited peer gets 2 Mbit/s each way; the unlimited one is not slowed',
    async () => {
      const down = await measure('slow', true);
      const up = await measure('slow', false);
      const freeDown = await measure('fast', true);
      const freeUp = await measure('fast', false);
      t.diagnostic(
        `limited ${down.toFixed(2)} down / ${up.toFixed(2)} up; unlimited ${freeDown.toFixed(1)} / ${freeUp.toFixed(1)} Mbit/s`,
      );
      assert.ok(within15(down, LIMIT_KBPS), `download ${down} Mbit/s`);
      assert.ok(within15(up, LIMIT_KBPS), `upload ${up} Mbit/s`);
      // Five times the limit: caught in the limited class it could not pass 2.3.
      assert.ok(freeDown > 10 && freeUp > 10, `unlimited ${freeDown} / ${freeUp} Mbit/s`);
    },
  );

  await t.test('a changed limit applies, and a removed one takes the qdiscs away', async () => {
    await services.peers.update(slow.peer.id as PeerId, { bandwidthDownKbps: kbps(4000) }, ADMIN);
    const down = await measure('slow', true);
    t.diagnostic(`after the change: ${down.toFixed(2)} Mbit/s down`);
    assert.ok(within15(down, 4000), `download ${down} Mbit/s`);
    await services.peers.update(
      slow.peer.id as PeerId,
      { bandwidthDownKbps: null, bandwidthUpKbps: null },
      ADMIN,
    );
    const qdiscs = await rig.exec(srv, 'tc', ['qdisc', 'show', 'dev', name]);
    assert.doesNotMatch(qdiscs, /htb|ingress/, qdiscs);
    const links = await rig.exec(srv, 'ip', ['link', 'show']);
    assert.doesNotMatch(links, new RegExp(ifb), 'the ifb is gone');
  });

  await t.test('a user default applies to a peer without its own limit', async () => {
    const user = await services.users.create({ name: 'carol', bandwidthUpKbps: kbps(3000) }, ADMIN);
    await services.peers.update(slow.peer.id as PeerId, { userId: user.id as never }, ADMIN);
    assert.equal(services.peers.get(slow.peer.id as PeerId).speedUpKbps, 3000);
    const classes = await rig.exec(srv, 'tc', ['class', 'show', 'dev', ifb]);
    assert.match(classes, /rate 3Mbit/, classes);
  });

  await t.test(
    'after an engine restart (link and ifb gone, as at boot) the limit is back',
    async () => {
      await services.peers.update(
        slow.peer.id as PeerId,
        { bandwidthDownKbps: kbps(LIMIT_KBPS) },
        ADMIN,
      );
      await services.stop();
      await rig.exec(srv, 'ip', ['link', 'del', 'dev', name]);
      await rig.exec(srv, 'ip', ['link', 'del', 'dev', ifb]);
      services = createServices(
        createContext({
          store,
          host: w.host,
          hostId: LOCAL_HOST_ID,
          now: Date.now,
          events: () => undefined,
        }),
      );
      const outcomes = await services.startup();
      assert.deepEqual(
        outcomes.map((o) => o.outcome),
        ['brought-up'],
      );
      await waitFor(
        async () =>
          ping(rig, ns.slow, '10.66.0.1', 1).then(
            () => true,
            () => false,
          ),
        30_000,
        'the tunnel back',
      );
      const down = await measure('slow', true);
      t.diagnostic(`after restart: ${down.toFixed(2)} Mbit/s down`);
      assert.ok(within15(down, LIMIT_KBPS), `download ${down} Mbit/s`);
      assert.match(await rig.exec(srv, 'tc', ['class', 'show', 'dev', ifb]), /rate 3Mbit/);
    },
  );

  await t.test('bad input is refused naming the field, and nothing changes', async () => {
    for (const bad of [0, -5, 1.5, 10_000_001, '2000; reboot']) {
      const r = parseParams(METHODS['peers.update'].params, {
        id: slow.peer.id,
        bandwidthDownKbps: bad,
      });
      assert.equal(r.ok, false, `accepted ${String(bad)}`);
      if (!r.ok) {
        assert.equal(r.error.kind, 'InvalidInput');
        assert.match(r.error.message, /bandwidthDownKbps/);
      }
      const u = parseParams(METHODS['users.create'].params, { name: 'x', bandwidthUpKbps: bad });
      assert.equal(u.ok, false);
      if (!u.ok) assert.match(u.error.message, /bandwidthUpKbps/);
    }
    const before = await rig.exec(srv, 'tc', ['class', 'show', 'dev', name]);
    const e = await appError(() =>
      w.host.applyShaping(name, [
        { allowedIps: ['10.66.0.9/32' as never], downKbps: 0 as never, upKbps: null },
      ]),
    );
    assert.equal(e.kind, 'InvalidInput');
    assert.equal(await rig.exec(srv, 'tc', ['class', 'show', 'dev', name]), before);
  });

  await t.test('another device’s qdisc is untouched, and root refuses to shape it', async () => {
    const e = await appError(() =>
      w.host.applyShaping(unwrap(parseInterfaceName(other)), [
        { allowedIps: ['10.66.0.9/32' as never], downKbps: kbps(100), upKbps: null },
      ]),
    );
    assert.equal(e.kind, 'Conflict');
    assert.equal(await otherQdisc(), pristine);
    await services.stop();
  });
});
