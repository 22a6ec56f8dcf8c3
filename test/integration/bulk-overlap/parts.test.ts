/**
 * A big bulk create goes to the kernel in parts (issue 17): each part's
 * `wg addconf` starts as soon as its keys are made, while the next part's
 * are made, and the rows are written beside the last. On real wireguard-go:
 * every peer ends in the kernel with its own PSK and address, and whichever
 * part fails, the database and the kernel agree afterwards as they do for a
 * bulk in one part (failure.test.ts).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseInterfaceName, type InterfaceName } from '../../../shared/validate';
import { openDatabase, type InterfaceId } from '../../../main/store';
import { PART_PEERS, partSizes } from '../../../main/services/peers/bulk';
import { useRig } from '../rig';
import { ADMIN, newServer, world, type World } from '../services/setup';
import { bulkCreate, refusal, refusing } from './helpers';

const rig = useRig();
// Two parts of 1,300: the smallest bulk that is split.
const COUNT = PART_PEERS + 100;

test('a bulk create in parts: every peer in the kernel with its PSK and address; a failed part or write, or a down server, leaves both sides agreeing', async () => {
  assert.deepEqual(partSizes(COUNT), [1300, 1300]);
  const ns = await rig.namespace('bp');
  const refuse = refusal();
  const w = await world(rig, ns, 'parts.db', refusing(refuse));
  let port = 51860;
  const server = async (tag: string, third: number) => {
    const name = unwrap(parseInterfaceName(rig.name(tag)));
    const view = await newServer(w.services, { name, port: port++, address: `10.${third}.0.1/16` });
    return { id: view.id as InterfaceId, name };
  };
  const bulk = (interfaceId: InterfaceId, pattern: string) =>
    bulkCreate(w.services, interfaceId, COUNT, pattern);

  // Nothing fails: two `wg addconf`, every row applied and in the kernel as stored.
  const ok = await server('p0', 170);
  w.events.length = 0;
  refuse.calls = 0;
  const ids = await bulk(ok.id, 'ok-{n}');
  assert.equal(ids.length, COUNT);
  assert.equal(refuse.calls, 2, 'one wg addconf per part');
  await assertAgree(w, ok, { applied: true });
  const progress = w.events
    .filter((e) => e.name === 'peers.bulkProgress')
    .map((e) => e.payload as { done: number; total: number });
  assert.ok(progress.length > 2, 'progress pushed as the keys are made');
  assert.ok(
    progress.every(
      (p, i) => p.total === COUNT && (i === 0 || p.done > (progress[i - 1]?.done ?? 0)),
    ),
    'the count goes up to the end, over both parts',
  );
  assert.equal(progress.at(-1)?.done, COUNT);
  const newest = w.store.revisions.list(ok.id, 1)[0];
  assert.deepEqual(
    { peers: newest?.peers, actions: newest?.actions.map((a) => a.action) },
    { peers: COUNT, actions: ['peer.createBulk'] },
  );

  // The first part's addconf fails, the second's goes through: every row stored, none
  // marked applied, the error says so; a drift push then brings the kernel to the rows.
  for (const [nth, tag, third] of [
    [1, 'p1', 171],
    [2, 'p2', 172],
  ] as const) {
    const failing = await server(tag, third);
    refuse.nth = nth;
    await assert.rejects(
      bulk(failing.id, `${tag}-{n}`),
      new RegExp(`${COUNT} peers were stored but the kernel did not take them`),
    );
    assert.equal(refuse.nth, 0, `part ${nth} was refused`);
    const rows = w.store.peers.listByInterface(failing.id);
    assert.equal(rows.length, COUNT);
    assert.ok(
      rows.every((p) => !p.applied),
      'rows marked not applied',
    );
    const inKernel = (await w.host.readInterface(failing.name)).peers;
    assert.equal(inKernel.length, COUNT - 1300, 'the part not refused is in the kernel');
    const stored = new Set(rows.map((r) => r.publicKey));
    assert.ok(
      inKernel.every((p) => stored.has(p.publicKey)),
      'and only stored peers',
    );
    await w.services.drift.reconcile(failing.id, 'push', ADMIN);
    await assertAgree(w, failing, { applied: true });
  }

  // The write fails (a trigger refuses a row of the second part) after both parts went
  // to the kernel: no row stored, and every peer of both parts taken out again.
  const lost = await server('p3', 173);
  const other = openDatabase(join(rig.dir, 'parts.db'));
  try {
    other.exec(`CREATE TRIGGER refuse_late BEFORE INSERT ON peers WHEN NEW.name = 'w-2000'
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
    await assert.rejects(bulk(lost.id, 'w-{n}'), /refused by the test/);
  } finally {
    other.exec('DROP TRIGGER IF EXISTS refuse_late');
    other.close();
  }
  assert.equal(w.store.peers.countByInterface(lost.id), 0, 'no row stored');
  assert.equal(
    (await w.host.readInterface(lost.name)).peers.length,
    0,
    'nothing left in the kernel',
  );

  // A server left down takes no part: every row stored once all parts are made, none applied.
  const name = unwrap(parseInterfaceName(rig.name('p4')));
  const down = await newServer(w.services, { name, port, address: '10.174.0.1/16', up: false });
  refuse.calls = 0;
  assert.equal((await bulk(down.id as InterfaceId, 'd-{n}')).length, COUNT);
  const held = w.store.peers.listByInterface(down.id as InterfaceId);
  assert.equal(held.length, COUNT);
  assert.ok(held.every((p) => !p.applied));
  assert.equal(refuse.calls, 0, 'nothing asked of the kernel');
});

/** Every stored peer of the server is in the kernel with its PSK and address, and nothing else. */
async function assertAgree(
  w: World,
  server: { id: InterfaceId; name: InterfaceName },
  want: { applied: boolean },
): Promise<void> {
  const rows = w.store.peers.listByInterface(server.id);
  assert.equal(rows.length, COUNT);
  assert.ok(rows.every((p) => p.applied === want.applied));
  const kernel = await w.host.readInterface(server.name);
  assert.equal(kernel.peers.length, COUNT, 'as many peers in the kernel as stored');
  const psks = new Map(
    (await w.host.readSecrets(server.name)).presharedKeys.map((s) => [s.publicKey, s.presharedKey]),
  );
  const ips = new Map(kernel.peers.map((p) => [p.publicKey, p.allowedIps.join(',')]));
  for (const row of rows) {
    assert.equal(ips.get(row.publicKey), row.addresses.join(','), `${row.name}: its address`);
    assert.equal(
      psks.get(row.publicKey),
      w.store.peers.revealPresharedKey(row.id),
      `${row.name}: its PSK`,
    );
  }
}
