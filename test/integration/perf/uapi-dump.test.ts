/**
 * Issue 17: where every interface is wireguard-go, the monitor reads its
 * control socket instead of starting `wg show all dump`. Both readings of the
 * same two live interfaces (a handshake, counters, a PSK, an endpoint,
 * keepalive, IPv4 and IPv6 networks, a fwmark) must be the same read model.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseInterfaceName } from '../../../shared/validate';
import { Runner } from '../../../main/host/exec';
import { LocalHost } from '../../../main/host/local';
import { locateTools } from '../../../main/host/tools';
import { readUapiAll, UapiReader, userspaceOnly } from '../../../main/host/uapi';
import { writeSecretFile } from '../files';
import { generateKeyPair, generatePresharedKey, parseDumpAll } from '../../../main/wireguard';
import type { ObservedInterface } from '../../../main/wireguard';
import { useRig } from '../rig';

const rig = useRig();

/** Peers sorted by key: wireguard-go lists them in its map's order, which varies. */
function sorted(i: ObservedInterface | undefined): ObservedInterface | undefined {
  if (i === undefined) return undefined;
  return { ...i, peers: [...i.peers].sort((a, b) => a.publicKey.localeCompare(b.publicKey)) };
}

test("wireguard-go's control socket reads as `wg show all dump` does", async () => {
  assert.equal(
    userspaceOnly(),
    true,
    'this machine has no kernel WireGuard: the socket path is live',
  );
  const [a, b] = [await rig.namespace('ua'), await rig.namespace('ub')];
  await rig.link(a, '192.0.2.1', b, '192.0.2.2');
  const [ka, kb, psk] = [await generateKeyPair(), await generateKeyPair(), generatePresharedKey()];
  const ends = [
    { ns: a, name: rig.name('ua0'), keys: ka, addr: '10.91.0.1/24', other: kb, at: '192.0.2.2' },
    { ns: b, name: rig.name('ub0'), keys: kb, addr: '10.91.0.2/24', other: ka, at: '192.0.2.1' },
  ];
  const [keyFile, pskFile] = [join(rig.dir, 'k'), join(rig.dir, 'psk')];
  await writeSecretFile(pskFile, psk);
  for (const e of ends) {
    const host = new LocalHost(new Runner({ tools: locateTools(), netns: e.ns }));
    await host.createInterface(unwrap(parseInterfaceName(e.name)));
    await writeSecretFile(keyFile, e.keys.privateKey);
    const peer = e.other.publicKey;
    await rig.exec(e.ns, 'wg', ['set', e.name, 'private-key', keyFile, 'listen-port', '51899']);
    await rig.exec(e.ns, 'wg', ['set', e.name, 'fwmark', '0x2a', 'peer', peer]);
    await rig.exec(e.ns, 'wg', [
      ...['set', e.name, 'peer', peer, 'preshared-key', pskFile, 'endpoint', `${e.at}:51899`],
      ...['persistent-keepalive', '25', 'allowed-ips', '10.91.0.0/24,fd91::/64'],
    ]);
    // A peer with nothing but a key: no endpoint, handshake, PSK or network.
    await rig.exec(e.ns, 'wg', ['set', e.name, 'peer', (await generateKeyPair()).publicKey]);
    await rig.exec(e.ns, 'ip', ['address', 'add', e.addr, 'dev', e.name]);
    await rig.exec(e.ns, 'ip', ['link', 'set', e.name, 'up']);
  }
  await rig.exec(a, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', '10.91.0.2']);

  // A reader kept from poll to poll (the monitor's) answers the second time
  // from the lines that did not change: the same model still.
  const reader = new UapiReader();
  const held = await reader.readAll();
  const heldCopy = structuredClone(held);
  const byWg = parseDumpAll(await rig.exec(a, 'wg', ['show', 'all', 'dump']));
  const [bySocket, again] = [await readUapiAll(), await reader.readAll()];
  for (const e of ends) assert.deepEqual(sorted(again.get(e.name)), sorted(byWg.get(e.name)));
  for (const e of ends) {
    const ours = sorted(bySocket.get(e.name));
    assert.deepEqual(ours, sorted(byWg.get(e.name)), e.name);
    const live = ours?.peers.find((p) => p.publicKey === e.other.publicKey);
    assert.ok(live !== undefined && live.latestHandshake !== null && live.rxBytes > 0, 'live');
    assert.equal(ours?.publicKey, e.keys.publicKey);
  }

  // Given back, as the monitor does after each poll: the next read writes a
  // peer whose lines changed into its peer of that result, unless a result
  // not given back (`held`) lists that peer too. The same model every time.
  const [end] = ends;
  assert.ok(end !== undefined);
  const peerOf = (r: ReadonlyMap<string, ObservedInterface>) =>
    r.get(end.name)?.peers.find((p) => p.publicKey === end.other.publicKey);
  const moved = async () => {
    await rig.exec(a, 'ping', ['-c', '1', '-W', '2', '10.91.0.2']);
    const wg = parseDumpAll(await rig.exec(a, 'wg', ['show', 'all', 'dump']));
    const read = await reader.readAll();
    for (const e of ends) assert.deepEqual(sorted(read.get(e.name)), sorted(wg.get(e.name)));
    return read;
  };
  reader.recycle(again);
  const second = await moved();
  reader.recycle(second);
  const third = await moved();
  assert.equal(peerOf(third), peerOf(second), 'read into the peer it had');
  assert.ok((peerOf(third)?.rxBytes ?? 0) > (peerOf(again)?.rxBytes ?? 0), 'its counters moved');
  assert.deepEqual(held, heldCopy, 'a result not given back, as read');
});

test('reads asked for at once are taken one at a time: each answer whole', async () => {
  const ns = await rig.namespace('uc');
  const name = rig.name('uc0');
  const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }));
  await host.createInterface(unwrap(parseInterfaceName(name)));
  // An answer of several reads' worth (over 256 KiB): two reads at once would interleave.
  const lines = ['[Interface]', 'ListenPort = 51898'];
  for (let i = 0; i < 2000; i++) {
    lines.push('[Peer]', `PublicKey = ${randomBytes(32).toString('base64')}`);
    lines.push(`AllowedIPs = 10.92.${i >> 8}.${i & 255}/32`);
  }
  const conf = join(rig.dir, 'uc.conf');
  await writeFile(conf, `${lines.join('\n')}\n`);
  await rig.exec(ns, 'wg', ['setconf', name, conf]);
  const byWg = sorted(parseDumpAll(await rig.exec(ns, 'wg', ['show', 'all', 'dump'])).get(name));
  assert.equal(byWg?.peers.length, 2000);
  const reader = new UapiReader();
  await reader.readAll();
  const answers = await Promise.all([1, 2, 3, 4].map(() => reader.readAll()));
  for (const a of answers) assert.deepEqual(sorted(a.get(name)), byWg);
});
