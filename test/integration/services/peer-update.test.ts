/**
 * Editing one peer against a real wireguard-go: enable/disable moves it in and
 * out of the kernel, a settings change is one `wg set` the kernel shows, and
 * every refusal (a conflict, a bad combination, a kernel that says no) leaves
 * the database and the kernel as they were.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parseKey,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId, PeerId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, appError, peerOf, world } from './setup';

const rig = useRig();
const cidr = (s: string) => unwrap(parseCidr(s));

test('peer updates and deletes reach the kernel; refusals change nothing', async (t) => {
  const ns = await rig.namespace('pu');
  const { services, host, store } = await world(rig, ns);
  const name = unwrap(parseInterfaceName(rig.name('pu0')));
  const iface = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51870)),
      ipv4Address: unwrap(parseInterfaceAddress('10.120.0.1/24')),
    },
    ADMIN,
  );
  const id = iface.id as InterfaceId;
  const fields = (n: string) => ({
    interfaceId: id,
    name: unwrap(parseConfText(n)),
    type: 'client' as const,
    tunnelMode: 'hub' as const,
    presharedKey: true,
    keepPrivateKey: true,
  });
  const a = (
    await services.peers.create({ ...fields('a'), extraNetworks: [cidr('192.168.50.0/24')] }, ADMIN)
  ).peer;
  const b = (await services.peers.create(fields('b'), ADMIN)).peer;
  const aId = a.id as PeerId;
  const bId = b.id as PeerId;
  // By key: wireguard-go's control socket lists peers in its map's order, which varies.
  const kernel = async () =>
    [...(await host.readInterface(name)).peers].sort((a, b) =>
      a.publicKey.localeCompare(b.publicKey),
    );
  /** `wg show IF dump`, straight from the tool: one line per peer after the interface's. */
  const dumpKeys = async () =>
    (await rig.exec(ns, 'wg', ['show', name, 'dump']))
      .trim()
      .split('\n')
      .slice(1)
      .map((l: string) => l.split('\t')[0]);

  await t.test('disable takes the peer out of the kernel, enable puts it back', async () => {
    const off = await services.peers.update(aId, { enabled: false }, ADMIN);
    assert.equal(off.enabled, false);
    assert.ok(!(await dumpKeys()).includes(a.publicKey), 'disabled: gone from wg show dump');
    assert.ok((await dumpKeys()).includes(b.publicKey), 'the other peer is untouched');
    const on = await services.peers.update(aId, { enabled: true }, ADMIN);
    assert.equal(on.enabled, true);
    assert.equal(on.applied, true);
    const back = peerOf(await kernel(), a.publicKey);
    assert.deepEqual(back.allowedIps, [...a.addresses, '192.168.50.0/24']);
    assert.equal(back.hasPresharedKey, true, 'its PSK came back with it');
  });

  await t.test(
    'keepalive and extra networks of a running peer: the kernel shows them',
    async () => {
      const v = await services.peers.update(
        bId,
        { keepalive: unwrap(parseKeepalive(15)), extraNetworks: [cidr('172.16.9.0/24')] },
        ADMIN,
      );
      assert.deepEqual(v.extraNetworks, ['172.16.9.0/24']);
      const seen = peerOf(await kernel(), b.publicKey);
      assert.equal(seen.persistentKeepalive, 15);
      assert.deepEqual(seen.allowedIps, [...b.addresses, '172.16.9.0/24']);
      assert.equal(services.peers.get(bId).keepalive, 15);
    },
  );

  await t.test('an update that changes nothing in the kernel only renames the row', async () => {
    const before = await kernel();
    const v = await services.peers.update(bId, { name: unwrap(parseConfText('bee')) }, ADMIN);
    assert.equal(v.name, 'bee');
    assert.deepEqual(await kernel(), before);
  });

  await t.test('extra networks another peer routes: Conflict, nothing changed', async () => {
    const e = await appError(() =>
      services.peers.update(bId, { extraNetworks: [cidr('192.168.50.0/24')] }, ADMIN),
    );
    assert.equal(e.kind, 'Conflict');
    assert.equal(e.field, 'extraNetworks');
    assert.deepEqual(services.peers.get(bId).extraNetworks, ['172.16.9.0/24']);
    assert.deepEqual(peerOf(await kernel(), b.publicKey).allowedIps, [
      ...b.addresses,
      '172.16.9.0/24',
    ]);
    // Keeping its own networks is no conflict with itself.
    const same = await services.peers.update(
      aId,
      { extraNetworks: [cidr('192.168.50.0/24'), cidr('192.168.51.0/24')] },
      ADMIN,
    );
    assert.deepEqual(same.extraNetworks, ['192.168.50.0/24', '192.168.51.0/24']);
    const onCreate = await appError(() =>
      services.peers.create({ ...fields('c'), extraNetworks: [cidr('172.16.9.0/24')] }, ADMIN),
    );
    assert.equal(onCreate.kind, 'Conflict');
    assert.equal(onCreate.field, 'extraNetworks');
  });

  await t.test(
    'chosen addresses: taken or reserved is a Conflict, free ones are used',
    async () => {
      const count = services.peers.list(id).length;
      for (const taken of [a.addresses[0], '10.120.0.1/32', '10.120.0.255/32']) {
        const e = await appError(() =>
          services.peers.create({ ...fields('dup'), addresses: [cidr(String(taken))] }, ADMIN),
        );
        assert.equal(e.kind, 'Conflict', String(taken));
        assert.equal(e.field, 'addresses');
      }
      assert.equal(services.peers.list(id).length, count, 'no row was added');
      const chosen = await services.peers.create(
        { ...fields('chosen'), addresses: [cidr('10.120.0.77/32')] },
        ADMIN,
      );
      assert.deepEqual(peerOf(await kernel(), chosen.peer.publicKey).allowedIps, [
        '10.120.0.77/32',
      ]);
    },
  );

  await t.test('bad combinations are InvalidInput and nothing is stored', async () => {
    const split = await appError(() =>
      services.peers.update(
        aId,
        { tunnelMode: 'full', splitNetworks: [cidr('10.9.0.0/16')] },
        ADMIN,
      ),
    );
    assert.equal(split.kind, 'InvalidInput');
    assert.equal(split.field, 'splitNetworks');
    const overlap = await appError(() =>
      services.peers.update(aId, { extraNetworks: [cidr('10.120.0.128/25')] }, ADMIN),
    );
    assert.equal(overlap.kind, 'InvalidInput');
    assert.equal(overlap.field, 'extraNetworks');
    // An exit node routes everything: the default route overlaps nothing.
    const exit = await services.peers.update(aId, { extraNetworks: [cidr('0.0.0.0/0')] }, ADMIN);
    assert.ok(peerOf(await kernel(), a.publicKey).allowedIps.includes(cidr('0.0.0.0/0')));
    assert.equal(exit.tunnelMode, 'hub');
    const own = await appError(() =>
      services.peers.create(
        { ...fields('me'), publicKey: unwrap(parseKey(iface.publicKey)) },
        ADMIN,
      ),
    );
    assert.equal(own.field, 'publicKey');
    const shown = await appError(() =>
      services.peers.create({ ...fields('once'), keepPrivateKey: false }, ADMIN),
    );
    assert.equal(shown.field, 'keepPrivateKey', 'no endpoint: the config could not be shown');
  });

  await t.test('a server with no address cannot allocate one', async () => {
    const bare = await services.interfaces.create(
      { name: unwrap(parseInterfaceName(rig.name('pu1'))), up: false },
      ADMIN,
    );
    const e = await appError(() =>
      services.peers.create({ ...fields('x'), interfaceId: bare.id as InterfaceId }, ADMIN),
    );
    assert.equal(e.field, 'addresses');
    assert.equal(services.peers.list(bare.id as InterfaceId).length, 0);
  });

  await t.test('the kernel refuses the change: the row gets its old settings back', async () => {
    // The name now belongs to a link wg cannot configure: `wg set` fails, the link exists.
    await rig.exec(ns, 'ip', ['link', 'del', name]);
    await rig.exec(ns, 'ip', ['link', 'add', name, 'type', 'bridge']);
    const e = await appError(() =>
      services.peers.update(bId, { keepalive: unwrap(parseKeepalive(40)) }, ADMIN),
    );
    assert.equal(e.kind, 'CommandFailed', e.message);
    assert.equal(services.peers.get(bId).keepalive, 15, 'reverted');
    const actions = store.audit.list({ limit: 50 }).map((x) => x.action);
    assert.ok(actions.includes('peer.update.reverted'));
    // Creating is all or nothing too: the refused peer's row is deleted.
    const count = services.peers.list(id).length;
    await appError(() => services.peers.create(fields('refused'), ADMIN));
    assert.equal(services.peers.list(id).length, count);
    assert.ok(store.audit.list({ limit: 50 }).some((x) => x.action === 'peer.create.reverted'));
  });

  await t.test('the link gone: the change is kept, not applied', async () => {
    await rig.exec(ns, 'ip', ['link', 'del', name]);
    const v = await services.peers.update(bId, { keepalive: unwrap(parseKeepalive(41)) }, ADMIN);
    assert.equal(v.keepalive, 41);
    assert.equal(v.applied, false, 'interface down: the row is ahead of the kernel');
  });

  await t.test('delete removes rows, and the peer from the kernel once it is back', async () => {
    await services.interfaces.setUp(id, true, ADMIN);
    assert.ok((await dumpKeys()).includes(a.publicKey));
    assert.equal(await services.peers.delete([aId, aId], ADMIN), 1);
    assert.ok(!(await dumpKeys()).includes(a.publicKey));
    assert.ok((await dumpKeys()).includes(b.publicKey));
    assert.throws(() => services.peers.get(aId));
  });
});
