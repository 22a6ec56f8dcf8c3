/**
 * Restoring an older backup into a running engine: a wrong passphrase and a
 * tampered file are refused and change nothing; the right one replaces every
 * row, the kernel then holds exactly the restored peers, and a server the
 * backup does not know loses its link.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseDnsList,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import { BackupService } from '../../../main/services/backup/service';
import { KeyFileSource, type InterfaceId, type PeerId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { useRig } from '../rig';
import { ADMIN, appError, world } from '../services/setup';

const rig = useRig();
const PASS = 'correct horse battery staple';

test('a backup restored into the running engine replaces all and the kernel follows', async () => {
  const ns = await rig.namespace('b');
  const { services, store, host } = await world(rig, ns);
  const backups = new BackupService({
    store,
    dataDir: rig.dir,
    dataKey: await new KeyFileSource(rig.dir).load(),
    now: Date.now,
    schema: () => 0,
  });
  const server = async (suffix: string, port: number, net: string) =>
    services.interfaces.create(
      {
        name: unwrap(parseInterfaceName(rig.name(suffix))),
        up: true,
        listenPort: unwrap(parsePort(port)),
        ipv4Address: unwrap(parseInterfaceAddress(net)),
      },
      ADMIN,
    );
  const s0 = await server('b0', 51833, '10.49.0.1/24');
  const id = s0.id as InterfaceId;
  const peer = async (label: string) =>
    (
      await services.peers.create(
        {
          interfaceId: id,
          name: unwrap(parseConfText(label)),
          type: 'client',
          tunnelMode: 'hub',
          publicKey: (await generateKeyPair()).publicKey,
          presharedKey: true,
          keepPrivateKey: false,
        },
        ADMIN,
      )
    ).peer;
  const a = await peer('a');
  const b = await peer('b');
  const file = await backups.create(PASS, ADMIN);

  // After the backup: a peer gone, one added, a setting changed, a new server.
  await services.peers.delete([a.id as PeerId], ADMIN);
  const c = await peer('c');
  await services.interfaces.update(id, { dns: unwrap(parseDnsList('192.0.2.53')) }, ADMIN);
  const s1 = await server('b1', 51834, '10.50.0.1/24');
  const kernelKeys = async (name: string) =>
    (await host.readInterface(unwrap(parseInterfaceName(name)))).peers
      .map((p) => p.publicKey)
      .sort();
  const now = [b.publicKey, c.publicKey].sort();
  assert.deepEqual(await kernelKeys(s0.name), now);

  const bytes = await backups.bytesOf({ name: file.name });
  const wrong = await appError(() =>
    services.restoreBackup(bytes, 'not the passphrase at all', ADMIN, backups.place()),
  );
  assert.equal(wrong.kind, 'InvalidInput');
  assert.equal(wrong.field, 'passphrase');
  const tampered = Buffer.from(bytes);
  const last = tampered.length - 10;
  tampered[last] = (tampered[last] ?? 0) ^ 0xff;
  const broken = await appError(() =>
    services.restoreBackup(tampered, PASS, ADMIN, backups.place()),
  );
  assert.match(broken.message, /damaged|altered|tampered/i);
  assert.deepEqual(
    services.peers
      .list(id)
      .map((p) => p.name)
      .sort(),
    ['b', 'c'],
    'refused restores changed nothing',
  );
  assert.deepEqual(await kernelKeys(s0.name), now);

  const done = await services.restoreBackup(bytes, PASS, ADMIN, backups.place());
  assert.equal(done.interfaces, 1);
  assert.equal(done.peers, 2);
  assert.deepEqual(done.removed, [s1.name]);
  assert.deepEqual(
    done.servers.map((s) => [s.name, s.outcome]),
    [[s0.name, 'pushed']],
  );
  assert.deepEqual(
    services.peers
      .list(id)
      .map((p) => p.name)
      .sort(),
    ['a', 'b'],
  );
  assert.deepEqual(store.interfaces.require(id).dns, [], 'settings as in the backup');
  assert.deepEqual(await kernelKeys(s0.name), [a.publicKey, b.publicKey].sort());
  assert.equal(
    (await host.linkState(unwrap(parseInterfaceName(s1.name)))).exists,
    false,
    'the newer server is gone',
  );
  // The secrets open under this engine's key: the server's private key matches the kernel's.
  assert.equal(
    (await host.readInterface(unwrap(parseInterfaceName(s0.name)))).publicKey,
    s0.publicKey,
  );
  assert.ok(store.interfaces.revealPrivateKey(id).length > 0);
  // History came back too, and goes on from there.
  const history = services.revisions.list(id);
  assert.ok(history.length >= 3, 'the backup’s revisions');
  await services.peers.delete([b.id as PeerId], ADMIN);
  assert.deepEqual(await kernelKeys(s0.name), [a.publicKey]);
});
