/**
 * Issue 17: on wireguard-go, one peer is set by writing to its control socket
 * the request `wg set` would write there, without starting `wg`. A peer set
 * that way reads back exactly as the same peer set by `wg set`; a host-name
 * endpoint, and an interface with no socket, still go through `wg` (which
 * resolves the name, or says why it cannot set the peer).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors';
import type { Cidr } from '../../../shared/ip';
import { unwrap } from '../../../shared/result';
import { parseEndpoint, parseInterfaceName, type Keepalive } from '../../../shared/validate';
import { Runner } from '../../../main/host/exec';
import type { PeerSpec } from '../../../main/host/host';
import { LocalHost } from '../../../main/host/local';
import { locateTools } from '../../../main/host/tools';
import { userspaceOnly } from '../../../main/host/uapi';
import { generateKeyPair, generatePresharedKey } from '../../../main/wireguard';
import { writeSecretFile } from '../files';
import { useRig } from '../rig';

const rig = useRig();

test('one peer on the control socket reads back as the same peer set by `wg set`', async () => {
  assert.equal(
    userspaceOnly(),
    true,
    'this machine has no kernel WireGuard: the socket path is live',
  );
  const ns = await rig.namespace('us');
  const name = unwrap(parseInterfaceName(rig.name('us0')));
  const runner = new Runner({ tools: locateTools(), netns: ns });
  const host = new LocalHost(runner);
  await host.createInterface(name);
  const psk = generatePresharedKey();
  const fields = {
    presharedKey: psk,
    endpoint: unwrap(parseEndpoint('[FD00:0:0::7]:51820')),
    persistentKeepalive: 25 as Keepalive,
    allowedIps: ['10.93.0.2/32', 'fd93::2/128'] as Cidr[],
  };
  const [ours, theirs] = [await generateKeyPair(), await generateKeyPair()];

  const spawned = runner.spawns;
  await host.setPeer(name, { publicKey: ours.publicKey, ...fields });
  assert.equal(runner.spawns, spawned, 'no process started');
  const pskFile = join(rig.dir, 'psk');
  await writeSecretFile(pskFile, psk);
  await rig.exec(ns, 'wg', [
    ...['set', name, 'peer', theirs.publicKey, 'preshared-key', pskFile],
    ...['endpoint', '[fd00::7]:51820', 'persistent-keepalive', '25'],
    ...['allowed-ips', '10.93.0.3/32,fd93::3/128'],
  ]);
  const read = async () => {
    const peers = (await host.readInterface(name)).peers;
    const one = (k: string) => peers.find((p) => p.publicKey === k);
    return { ours: one(ours.publicKey), theirs: one(theirs.publicKey) };
  };
  const both = await read();
  assert.ok(both.ours !== undefined && both.theirs !== undefined);
  assert.deepEqual(
    { ...both.ours, publicKey: '', allowedIps: [] },
    { ...both.theirs, publicKey: '', allowedIps: [] },
  );
  assert.deepEqual(both.ours.allowedIps, ['10.93.0.2/32', 'fd93::2/128']);
  assert.equal(both.ours.hasPresharedKey, true);
  assert.equal(both.ours.endpoint, '[fd00::7]:51820');

  // Set again with less: the PSK and keepalive go, the networks are replaced, not added to.
  const less: PeerSpec = {
    publicKey: ours.publicKey,
    presharedKey: null,
    endpoint: null,
    persistentKeepalive: 0 as Keepalive,
    allowedIps: ['10.93.0.9/32'] as Cidr[],
  };
  const before = runner.spawns;
  await host.setPeer(name, less);
  assert.equal(runner.spawns, before, 'still no process started');
  const after = (await read()).ours;
  assert.equal(after?.hasPresharedKey, false);
  assert.equal(after?.persistentKeepalive, 0);
  assert.deepEqual(after?.allowedIps, ['10.93.0.9/32']);
  assert.equal(after?.endpoint, '[fd00::7]:51820', 'an endpoint left out is kept, as by wg set');

  // A host name: `wg` resolves it.
  const named = runner.spawns;
  await host.setPeer(name, { ...less, endpoint: unwrap(parseEndpoint('localhost:51821')) });
  assert.equal(runner.spawns, named + 1, '`wg set` ran');
  assert.equal((await read()).ours?.endpoint, '127.0.0.1:51821');

  // No socket (no such interface): `wg` runs, and its refusal is the error.
  const none = unwrap(parseInterfaceName(rig.name('us9')));
  const gone = runner.spawns;
  await assert.rejects(host.setPeer(none, less), (e: unknown) => e instanceof AppError);
  assert.equal(runner.spawns, gone + 1);
});
