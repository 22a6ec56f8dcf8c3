/**
 * A backup taken while 1,000 peers are being created restores, on a new data
 * directory with a new data key, to a consistent state whose secrets open
 * with that key; the next start pushes it to the kernel and the client
 * handshakes again. A wrong passphrase and an altered file are refused.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../../shared/validate';
import { Runner } from '../../../main/host/exec';
import { LocalHost } from '../../../main/host/local';
import { locateTools } from '../../../main/host/tools';
import { openRuntime } from '../../../main/runtime';
import { restoreInto } from '../../../main/services/backup/restore';
import { stateAt } from '../../../main/services/revisions/delta';
import { BackupService } from '../../../main/services/backup/service';
import {
  createStore,
  KeyFileSource,
  openDatabase,
  schemaVersion,
  type InterfaceId,
  type PeerId,
} from '../../../main/store';
import { useRig, waitFor } from '../rig';
import { Lan } from '../services/net';
import { ADMIN, appError, clientUp, ping, world } from '../services/setup';

const rig = useRig();
const PASS = 'correct horse battery staple';

test('backup during a 1,000-peer bulk create restores on a new data key and is pushed', async (t) => {
  const lan = await Lan.create(rig, 'r');
  const w = await world(rig, lan.server);
  const oldKey = await new KeyFileSource(rig.dir).load();
  const backups = new BackupService({
    store: w.store,
    dataDir: rig.dir,
    dataKey: oldKey,
    now: Date.now,
    schema: () => 0,
  });
  const name = unwrap(parseInterfaceName(rig.name('r0')));
  const server = await w.services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51850)),
      ipv4Address: unwrap(parseInterfaceAddress('10.120.0.1/16')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51850')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const peer = {
    interfaceId: id,
    name: unwrap(parseConfText('laptop')),
    type: 'client' as const,
    tunnelMode: 'hub' as const,
    keepalive: unwrap(parseKeepalive(1)),
    presharedKey: true,
    keepPrivateKey: true,
  };
  const laptop = await w.services.peers.create(peer, ADMIN);
  const clientNs = await lan.client('r1');
  const conf = w.services.configs.forPeer(laptop.peer.id as PeerId).text;
  await clientUp(rig, clientNs, rig.name('c1'), conf);
  await ping(rig, clientNs, '10.120.0.1');

  const bulk = w.services.bulk.create({ ...peer, count: 1000, namePattern: 'device {n}' }, ADMIN);
  const file = await backups.create(PASS, ADMIN);
  assert.equal((await bulk).length, 1000);

  await t.test('a wrong passphrase and an altered file are refused, nothing written', async () => {
    const dir = join(rig.dir, 'refused');
    const wrong = await appError(() =>
      restoreInto({
        file: file.path,
        passphrase: 'not the passphrase',
        dataDir: dir,
        keySource: new KeyFileSource(dir),
      }),
    );
    assert.equal(wrong.kind, 'InvalidInput');
    assert.equal(wrong.field, 'passphrase');
    assert.match(wrong.message, /wrong passphrase/);
    const bytes = readFileSync(file.path);
    const altered = Buffer.from(bytes);
    const at = altered.length - 100;
    altered[at] = (altered[at] ?? 0) ^ 1;
    const alteredPath = join(rig.dir, 'altered.wgbackup');
    writeFileSync(alteredPath, altered);
    const tampered = await appError(() =>
      restoreInto({
        file: alteredPath,
        passphrase: PASS,
        dataDir: dir,
        keySource: new KeyFileSource(dir),
      }),
    );
    assert.equal(tampered.kind, 'Damaged');
    assert.match(tampered.message, /altered or is damaged/);
    writeFileSync(alteredPath, 'not a backup at all');
    const notOne = await appError(() =>
      restoreInto({
        file: alteredPath,
        passphrase: PASS,
        dataDir: dir,
        keySource: new KeyFileSource(dir),
      }),
    );
    assert.equal(notOne.field, 'file');
    assert.throws(() => readFileSync(join(dir, 'wgdesk.db')), /ENOENT/);
  });

  const fresh = join(rig.dir, 'fresh');
  await t.test('restores consistent on a new data directory with a new data key', async () => {
    const outcome = await restoreInto({
      file: file.path,
      passphrase: PASS,
      dataDir: fresh,
      keySource: new KeyFileSource(fresh),
    });
    const newKey = await new KeyFileSource(fresh).load();
    assert.notDeepEqual(newKey, oldKey, 'a new data key');
    // Either before or after the bulk transaction, never half of it.
    assert.ok([1, 1001].includes(outcome.peers), `peers: ${outcome.peers}`);
    assert.equal(outcome.interfaces, 1);
    const db = new Database(join(fresh, 'wgdesk.db'), { readonly: true });
    try {
      assert.deepEqual(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      assert.equal(schemaVersion(db), schemaVersion(new Database(join(rig.dir, 'wgdesk.db'))));
    } finally {
      db.close();
    }
    // Every peer key and PSK, the server key and the revisions' copies, under the new key.
    const rdb = openDatabase(join(fresh, 'wgdesk.db'));
    try {
      const restored = createStore(rdb, newKey);
      const history = restored.revisions.list(id);
      assert.ok(history.length >= 2, 'the history came along');
      const copies = rdb
        .prepare(
          `SELECT (SELECT count(*) FROM revision_settings) +
             (SELECT count(private_key_sealed) + count(preshared_key_sealed) FROM revision_peers)`,
        )
        .pluck()
        .get() as number;
      assert.equal(outcome.secrets, 1 + outcome.peers * 2 + copies);
      // The oldest revision's state, walked back from the rows, opens under the new key.
      const oldest = history[history.length - 1]?.id ?? 0;
      const state = stateAt(
        restored.revisions.current(id),
        restored.revisions.deltasAfter(id, oldest),
      );
      restored.revisions.openInterfaceKey(state.settings);
      for (const p of state.peers.values()) {
        for (const [column, blob] of [
          ['private_key', p.privateKeySealed],
          ['preshared_key', p.presharedKeySealed],
        ] as const) {
          restored.revisions.openPeerSecret(id, p.publicKey, column, blob);
        }
      }
      assert.deepEqual(
        rdb.prepare('SELECT count(*) FROM revision_peers WHERE revision_id IS NULL').pluck().get(),
        0,
        're-sealing is not a change',
      );
    } finally {
      rdb.close();
    }
  });

  await t.test(
    'the next start pushes it to the kernel and the client handshakes again',
    async () => {
      await rig.exec(lan.server, 'ip', ['link', 'del', name]);
      const runtime = await openRuntime({
        dataDir: fresh,
        host: new LocalHost(new Runner({ tools: locateTools(), netns: lan.server })),
        live: true,
      });
      try {
        const rows = runtime.store.peers.listByInterface(id);
        const seen = await runtime.host.readInterface(name);
        assert.equal(seen.peers.length, rows.length);
        assert.equal(
          seen.publicKey,
          server.publicKey,
          'the same server key, opened with the new data key',
        );
        const before = seen.peers.find((p) => p.publicKey === laptop.peer.publicKey);
        assert.equal(before?.latestHandshake ?? null, null);
        await waitFor(
          async () => {
            await ping(rig, clientNs, '10.120.0.1', 1).catch(() => undefined);
            const now = await runtime.host.readInterface(name);
            const p = now.peers.find((x) => x.publicKey === laptop.peer.publicKey);
            return p?.latestHandshake !== null && p?.latestHandshake !== undefined;
          },
          20_000,
          'the restored client handshakes',
        );
      } finally {
        await runtime.close();
      }
    },
  );
});
