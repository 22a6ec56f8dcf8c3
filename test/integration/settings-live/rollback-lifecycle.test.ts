/**
 * Revisions keep a peer's lifecycle settings: a quota and an expiry edited
 * are compared in words and put back by a rollback, in the database and in
 * the kernel. A rollback to before a revocation would bring the revoked key
 * back: it is refused as a whole (Conflict naming the peer), nothing changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId, PeerId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { useRig } from '../rig';
import { ADMIN, appError, world } from '../services/setup';

const rig = useRig();
const GIB = 1024 ** 3;
const DAY = 86_400_000;

test('a rollback restores quota and expiry, and refuses to bring back a revoked key', async () => {
  const ns = await rig.namespace('l');
  const { services, store, host } = await world(rig, ns);
  const name = unwrap(parseInterfaceName(rig.name('l0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51832)),
      ipv4Address: unwrap(parseInterfaceAddress('10.48.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const expires = Date.now() + 30 * DAY;
  const peer = async (label: string) =>
    (
      await services.peers.create(
        {
          interfaceId: id,
          name: unwrap(parseConfText(label)),
          type: 'client',
          tunnelMode: 'hub',
          publicKey: (await generateKeyPair()).publicKey,
          presharedKey: false,
          keepPrivateKey: false,
          quotaBytes: 10 * GIB,
          expiresAt: expires,
        },
        ADMIN,
      )
    ).peer;
  const laptop = await peer('laptop');
  const laptopId = laptop.id as PeerId;
  const [created] = services.revisions.list(id);
  assert.ok(created);

  await services.peers.update(
    laptopId,
    { quotaBytes: 20 * GIB, quotaPeriod: 'week', expiresAt: null },
    ADMIN,
  );
  const [edited] = services.revisions.list(id);
  assert.ok(edited && edited.id > created.id, 'a lifecycle edit is a revision');
  const diff = services.revisions.compare(id, created.id, edited.id);
  const changes = diff.peersChanged[0]?.changes ?? [];
  const byField = new Map(changes.map((c) => [c.field, c]));
  assert.deepEqual(byField.get('quotaBytes'), {
    field: 'quotaBytes',
    before: '10 GiB',
    after: '20 GiB',
  });
  assert.deepEqual(byField.get('quotaPeriod'), {
    field: 'quotaPeriod',
    before: 'month',
    after: 'week',
  });
  assert.match(byField.get('expiresAt')?.before ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  assert.equal(byField.get('expiresAt')?.after, '(none)');

  await services.revisions.rollback(id, created.id, ADMIN);
  const back = store.peers.require(laptopId);
  assert.equal(back.quotaBytes, 10 * GIB);
  assert.equal(back.quotaPeriod, 'month');
  assert.equal(back.expiresAt, expires);

  // Revoked after the revision it would go back to.
  const phone = await peer('phone');
  const phoneId = phone.id as PeerId;
  const [beforeRevoke] = services.revisions.list(id);
  assert.ok(beforeRevoke);
  await services.lifecycle.revoke([phoneId], ADMIN);
  const countBefore = services.revisions.list(id).length;
  const refused = await appError(() => services.revisions.rollback(id, beforeRevoke.id, ADMIN));
  assert.equal(refused.kind, 'Conflict');
  assert.equal(refused.field, 'revisionId');
  assert.match(refused.message, /would bring back a revoked peer: .*"phone"/);
  assert.notEqual(store.peers.require(phoneId).revokedAt, null, 'still revoked');
  assert.equal(services.revisions.list(id).length, countBefore, 'no revision written');
  const kernel = (await host.readInterface(name)).peers.map((p) => p.publicKey);
  assert.deepEqual(kernel, [laptop.publicKey], 'the revoked key stays out of the kernel');

  // Deleted after its revocation: the same revision would re-add the row.
  await services.peers.delete([phoneId], ADMIN);
  const again = await appError(() => services.revisions.rollback(id, beforeRevoke.id, ADMIN));
  assert.equal(again.kind, 'Conflict');
  assert.equal(store.peers.getById(phoneId), undefined, 'not re-added');
});
