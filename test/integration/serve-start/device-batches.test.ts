/**
 * A server brought up a page of peers at a time (issue 17, memory at start)
 * ends exactly as one `wg setconf` of the whole desired device left it: same
 * key and port, same peers with the same PSKs and allowed IPs, and the peers
 * the one rule keeps out still out. Real wireguard-go in the rig's namespace.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
  type InterfaceName,
} from '../../../shared/validate';
import { Runner } from '../../../main/host/exec';
import { locateTools } from '../../../main/host/tools';
import {
  configureNewLink,
  peerPages,
  syncInPages,
} from '../../../main/services/kernel/device-batches';
import { desiredDevice } from '../../../main/services/kernel/device';
import type { InterfaceId } from '../../../main/store';
import type { ObservedInterface } from '../../../main/wireguard';
import { generatePresharedKey } from '../../../main/wireguard';
import { writeSecretFile } from '../files';
import { useRig } from '../rig';
import { ADMIN, SecretReadingHost, world } from '../services/setup';

const rig = useRig();
const PEERS = 25;
const PAGE = 10;

test('bringing a new link up a page of peers at a time', async (t) => {
  // world() closes its database after the test that opened it: one test, steps inside.
  const ns = await rig.namespace('sb');
  const w = await world(rig, ns);
  const view = await w.services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(rig.name('b0'))),
      up: false,
      listenPort: unwrap(parsePort(51960)),
      ipv4Address: unwrap(parseInterfaceAddress('10.155.0.1/24')),
    },
    ADMIN,
  );
  const id = view.id as InterfaceId;
  await w.services.bulk.create(
    {
      interfaceId: id,
      count: PEERS,
      namePattern: unwrap(parseConfText('device {n}')),
      type: 'client',
      tunnelMode: 'hub',
      presharedKey: true,
      keepPrivateKey: true,
    },
    ADMIN,
  );
  // Kept out by the one rule: in the database, never in the kernel.
  const [, second] = w.store.peers.listByInterface(id);
  assert.ok(second);
  w.store.peers.update(second.id, { enabled: false });
  const iface = w.store.interfaces.require(id);

  await t.test('reads every peer once, in pages of the size asked', () => {
    const pages = [...peerPages(w.store, iface.id, PAGE)].map((p) => p.length);
    assert.deepEqual(pages, [10, 10, 5]);
    assert.deepEqual([...peerPages(w.store, iface.id, 5)].length, 5);
  });

  const ctx = { store: w.store, host: w.host, now: Date.now };
  const reader = new SecretReadingHost(new Runner({ tools: locateTools(), netns: ns }));
  const paged = await newLink('b1');
  const whole = await newLink('b2');
  // Its own port: two links cannot listen on one.
  const wholeDevice = () => ({
    ...desiredDevice(ctx, iface).device,
    listenPort: unwrap(parsePort(51962)),
  });

  await t.test('leaves the link as one setconf of the whole device does', async () => {
    const ids = await configureNewLink(ctx, { ...iface, name: paged }, PAGE);
    assert.deepEqual(
      ids,
      w.store.peers.listByInterface(iface.id).map((p) => p.id),
    );
    await w.host.configure(whole, wholeDevice(), 'replace');

    const got = await seen(paged);
    assert.equal(got.peers, PEERS - 1, 'the disabled peer stays out');
    assert.deepEqual(got, await seen(whole));
    const secrets = await reader.readSecrets(paged);
    assert.equal(secrets.privateKey, w.store.interfaces.revealPrivateKey(iface.id));
    assert.equal(secrets.presharedKeys.length, PEERS - 1);
    assert.deepEqual(
      byKey(secrets.presharedKeys),
      byKey((await reader.readSecrets(whole)).presharedKeys),
    );
  });

  await t.test('pushed to a running link a page at a time, it ends as one syncconf', async () => {
    // A peer with no PSK that the kernel was given one for: syncconf leaves it, so must this.
    const made = await w.services.peers.create(
      {
        interfaceId: iface.id,
        name: unwrap(parseConfText('no psk')),
        type: 'client',
        tunnelMode: 'hub',
        presharedKey: false,
        keepPrivateKey: true,
      },
      ADMIN,
    );
    const psk = join(rig.dir, 'psk');
    await writeSecretFile(psk, `${generatePresharedKey()}\n`);
    const [gone, moved, disabled] = w.store.peers.listByInterface(iface.id);
    assert.ok(gone && moved && disabled);
    for (const link of [paged, whole]) {
      const wg = (...args: string[]) => rig.exec(ns, 'wg', ['set', link, ...args]);
      await wg('peer', made.peer.publicKey, 'allowed-ips', '10.155.0.200/32', 'preshared-key', psk);
      await wg('peer', gone.publicKey, 'remove');
      await wg('peer', moved.publicKey, 'allowed-ips', '10.155.0.201/32');
      await wg('peer', disabled.publicKey, 'allowed-ips', '10.155.0.202/32');
    }
    const inKernel = (await w.host.readInterface(paged)).peers.map((p) => p.publicKey);
    const ids = await syncInPages(ctx, { ...iface, name: paged }, inKernel, PAGE);
    assert.equal(ids.length, PEERS + 1);
    await w.host.configure(whole, wholeDevice(), 'sync');

    const got = await seen(paged);
    assert.equal(got.peers, PEERS, 'the new peer in, the disabled one out again');
    assert.deepEqual(got, await seen(whole));
    const secrets = await reader.readSecrets(paged);
    assert.equal(secrets.presharedKeys.length, PEERS);
    assert.deepEqual(
      byKey(secrets.presharedKeys),
      byKey((await reader.readSecrets(whole)).presharedKeys),
    );
  });

  await t.test('gives a server with no peers its key and port', async () => {
    const view = await w.services.interfaces.create(
      {
        name: unwrap(parseInterfaceName(rig.name('b3'))),
        up: false,
        listenPort: unwrap(parsePort(51961)),
        ipv4Address: unwrap(parseInterfaceAddress('10.156.0.1/24')),
      },
      ADMIN,
    );
    const empty = w.store.interfaces.require(view.id as InterfaceId);
    await w.host.createInterface(empty.name);
    const ctx = { store: w.store, host: w.host, now: Date.now };
    assert.deepEqual(await configureNewLink(ctx, empty, PAGE), []);
    const dump = await w.host.readInterface(empty.name);
    assert.equal(dump.listenPort, 51961);
    assert.equal(dump.publicKey, empty.publicKey);
  });

  async function newLink(suffix: string): Promise<InterfaceName> {
    const name = unwrap(parseInterfaceName(rig.name(suffix)));
    await w.host.createInterface(name);
    return name;
  }

  /** What the kernel holds, without what differs by link: its name and its port. */
  async function seen(
    name: InterfaceName,
  ): Promise<{ peers: number; rows: string[]; key: string }> {
    const dump: ObservedInterface = await w.host.readInterface(name);
    const rows = dump.peers
      .map((p) => `${p.publicKey} ${[...p.allowedIps].sort().join(',')} ${p.persistentKeepalive}`)
      .sort();
    return { peers: dump.peers.length, rows, key: String(dump.publicKey) };
  }
});

/** The kernel lists PSKs in its own order; two devices compare as sorted lists. */
function byKey<T extends { readonly publicKey: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.publicKey.localeCompare(b.publicKey));
}
