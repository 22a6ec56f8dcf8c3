/**
 * A bulk create writes its rows while `wg addconf` runs (issue 17). Whichever
 * side fails, the database and the kernel agree afterwards: a write that
 * fails takes the peers out of the kernel again; a kernel that fails leaves
 * the rows stored and marked not applied. And when nothing fails, every peer
 * is in both, applied, with the progress counted to the end. The revision
 * of the rows (recorded while the kernel takes them) counts exactly what was
 * stored, and nothing is pending afterwards.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseConfText, parseInterfaceName } from '../../../shared/validate';
import { openDatabase, type InterfaceId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, newServer, world } from '../services/setup';
import { bulkCreate, refusal, refusing } from './helpers';

const rig = useRig();
const COUNT = 40;

test('bulk create: a failed write or a failed kernel step leaves both sides agreeing', async () => {
  const ns = await rig.namespace('bo');
  const refuse = refusal();
  const { services, store, host, events } = await world(rig, ns, 'wgdesk.db', refusing(refuse));
  const name = unwrap(parseInterfaceName(rig.name('b0')));
  const server = await newServer(services, { name, port: 51850, address: '10.160.0.1/24' });
  const id = server.id as InterfaceId;
  const bulk = (pattern: string, interfaceId = id) =>
    bulkCreate(services, interfaceId, COUNT, pattern);
  const inKernel = async () => (await host.readInterface(name)).peers.length;
  /** The newest revision's peer count and actions, and whether any change is left unrecorded. */
  const history = () => {
    const newest = store.revisions.list(id, 1)[0];
    return {
      peers: newest?.peers,
      actions: newest?.actions.map((a) => a.action),
      pending: store.revisions.hasPending(id),
    };
  };
  const created = history();

  // The write fails part-way (a trigger refuses the 30th row), after the kernel got them all.
  const other = openDatabase(join(rig.dir, 'wgdesk.db'));
  try {
    other.exec(`CREATE TRIGGER refuse_thirtieth BEFORE INSERT ON peers WHEN NEW.name = 'w-30'
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
    await assert.rejects(bulk('w-{n}'), /refused by the test/);
    assert.equal(store.peers.countByInterface(id), 0, 'no row stored');
    assert.equal(await inKernel(), 0, 'the peers given to the kernel were taken out again');
    assert.deepEqual(history(), created, 'no revision for rows never stored');
  } finally {
    other.exec('DROP TRIGGER IF EXISTS refuse_thirtieth');
    other.close();
  }

  // The kernel step fails: the rows stay, marked not applied, and the error says so.
  refuse.nth = 1;
  await assert.rejects(bulk('k-{n}'), /40 peers were stored but the kernel did not take them/);
  const kept = store.peers.listByInterface(id);
  assert.equal(kept.length, COUNT);
  assert.ok(
    kept.every((p) => !p.applied),
    'rows marked not applied',
  );
  assert.equal(await inKernel(), 0);
  assert.deepEqual(history(), { peers: COUNT, actions: ['peer.createBulk'], pending: false });

  // Nothing fails: every peer in both, applied, the progress counted to the end.
  events.length = 0;
  const ids = await bulk('ok-{n}');
  assert.equal(ids.length, COUNT);
  const rows = store.peers.listByInterface(id).filter((p) => ids.includes(p.id));
  assert.ok(rows.every((p) => p.applied));
  const seen = new Set((await host.readInterface(name)).peers.map((p) => p.publicKey));
  assert.ok(
    rows.every((p) => seen.has(p.publicKey)),
    'every stored peer is in the kernel',
  );
  assert.equal(seen.size, COUNT, 'and nothing else');
  assert.deepEqual(history(), { peers: 2 * COUNT, actions: ['peer.createBulk'], pending: false });
  const progress = events.filter((e) => e.name === 'peers.bulkProgress');
  assert.deepEqual(progress.at(-1)?.payload, { interfaceId: id, done: COUNT, total: COUNT });

  // A server left down takes nothing: the rows are stored, not applied.
  const down = await newServer(services, {
    name: rig.name('b1'),
    port: 51851,
    address: '10.161.0.1/24',
    up: false,
  });
  const downId = down.id as InterfaceId;
  await bulk('d-{n}', downId);
  const held = store.peers.listByInterface(downId);
  assert.equal(held.length, COUNT);
  assert.ok(
    held.every((p) => !p.applied),
    'rows of a down server are not applied',
  );
});

test('a bulk create of a few peers whose kernel step fails is stored, not applied, and one revision', async () => {
  const ns = await rig.namespace('bf');
  const refuse = refusal();
  const { services, store, host } = await world(rig, ns, 'few.db', refusing(refuse));
  const name = unwrap(parseInterfaceName(rig.name('f0')));
  const server = await newServer(services, { name, port: 51854, address: '10.162.0.1/24' });
  const id = server.id as InterfaceId;
  // A few peers are `wg set` one by one, their rows written first (kernel/pipeline.ts addPeers).
  refuse.nth = 1;
  await assert.rejects(
    services.bulk.create(
      {
        interfaceId: id,
        count: 3,
        namePattern: unwrap(parseConfText('few-{n}')),
        type: 'client',
        tunnelMode: 'hub',
        presharedKey: false,
        keepPrivateKey: true,
      },
      ADMIN,
    ),
    /3 peers were stored but the kernel did not take them/,
  );
  const rows = store.peers.listByInterface(id);
  assert.equal(rows.length, 3);
  assert.ok(rows.every((p) => !p.applied));
  assert.equal((await host.readInterface(name)).peers.length, 0);
  // The change went through (its rows are stored): its revision is recorded now, not left pending.
  const newest = store.revisions.list(id, 1)[0];
  assert.deepEqual(
    { peers: newest?.peers, actions: newest?.actions.map((a) => a.action) },
    { peers: 3, actions: ['peer.createBulk'] },
  );
  assert.equal(store.revisions.hasPending(id), false);
});
