/**
 * One peer's create writes its row already marked applied, with its audit
 * entry, in one commit before `wg set` (issue 17, services/peers/create-step.ts).
 * Whichever side fails, the database and the kernel agree afterwards, and no
 * revision says the peer was added: a refused write gives the kernel nothing;
 * a refused `wg set` deletes the row; a link found gone leaves the row marked
 * not applied; a key the server already has leaves the peer holding it alone.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../../shared/validate';
import type { Host } from '../../../main/host/host';
import { openDatabase, type InterfaceId, type PeerId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

/** The real host, except that `setPeer` refuses (without running) when told to. */
function refusing(refuse: { next: boolean }) {
  return (host: Host): Host =>
    new Proxy(host, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'setPeer' || !refuse.next) {
          // Bound to the real host: its methods read its private fields.
          return typeof value === 'function' ? (value.bind(target) as unknown) : value;
        }
        refuse.next = false;
        return () =>
          Promise.reject(new AppError('CommandFailed', 'wg set failed: refused by the test'));
      },
    });
}

test('one peer: its kernel step and its row agree whichever fails', async () => {
  const ns = await rig.namespace('pa');
  const refuse = { next: false };
  const { services, store, host } = await world(rig, ns, 'wgdesk.db', refusing(refuse));
  const name = unwrap(parseInterfaceName(rig.name('a0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51870)),
      ipv4Address: unwrap(parseInterfaceAddress('10.161.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const create = (peer: string, more: object = {}) =>
    services.peers.create(
      {
        interfaceId: id,
        name: unwrap(parseConfText(peer)),
        type: 'client',
        tunnelMode: 'hub',
        presharedKey: true,
        keepPrivateKey: true,
        ...more,
      },
      ADMIN,
    );
  const kernel = async () => (await host.readInterface(name)).peers;
  const revisions = () => store.revisions.list(id).length;
  const actions = () => store.audit.list({ limit: 100 }).map((a) => a.action);

  // Nothing fails: the kernel holds exactly what the row says, applied, in one revision.
  const before = revisions();
  const made = await create('ok', { keepalive: unwrap(parseKeepalive(25)) });
  const inKernel = (await kernel()).find((p) => p.publicKey === made.peer.publicKey);
  assert.ok(inKernel, 'the peer is in the kernel when the call returns');
  assert.deepEqual(inKernel.allowedIps, made.peer.addresses);
  assert.equal(inKernel.persistentKeepalive, 25);
  assert.equal(store.peers.require(made.peer.id as PeerId).applied, true);
  assert.equal(revisions(), before + 1);

  // The write fails: no row, no audit, no revision, and nothing in the kernel.
  const other = openDatabase(join(rig.dir, 'wgdesk.db'));
  const count = store.peers.countByInterface(id);
  const audited = actions().length;
  try {
    other.exec(`CREATE TRIGGER refuse_write BEFORE INSERT ON peers WHEN NEW.name = 'refused'
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
    await assert.rejects(create('refused'), /refused by the test/);
  } finally {
    other.exec('DROP TRIGGER IF EXISTS refuse_write');
    other.close();
  }
  assert.equal(store.peers.countByInterface(id), count, 'no row stored');
  assert.equal(actions().length, audited, 'no audit entry: the transaction was rolled back');
  assert.equal(revisions(), before + 1, 'no revision');
  assert.deepEqual(
    (await kernel()).map((p) => p.publicKey),
    [made.peer.publicKey],
    'the kernel was given nothing',
  );

  // A key the server already has: refused before the kernel is given anything.
  await assert.rejects(create('twin', { publicKey: made.peer.publicKey }), { kind: 'Conflict' });
  assert.equal(store.peers.countByInterface(id), count);
  const still = (await kernel()).find((p) => p.publicKey === made.peer.publicKey);
  assert.deepEqual(still?.allowedIps, made.peer.addresses, 'the peer holding the key is untouched');

  // The kernel refuses: the row is deleted, no revision, the audit says it was reverted.
  refuse.next = true;
  await assert.rejects(create('no-kernel'), /refused by the test/);
  assert.equal(store.peers.countByInterface(id), count, 'row deleted');
  assert.equal(revisions(), before + 1, 'no revision claims it was added');
  assert.equal(actions()[0], 'peer.create.reverted');
  assert.equal((await kernel()).length, 1);

  // The link is gone though the server is up: the row is kept, marked not applied.
  await rig.exec(ns, 'ip', ['link', 'del', name]);
  const down = await create('link-gone');
  assert.equal(down.peer.applied, false);
  assert.equal(store.peers.require(down.peer.id as PeerId).applied, false, 'the mark corrected');
});
