/**
 * When the kernel refuses a change, the database never silently disagrees:
 * a single create is rolled back, an update restored, a bulk create kept but
 * marked not applied, and a delete does not happen.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
} from '../../../shared/validate';
import { createServices, createContext } from '../../../main/services';
import { LOCAL_HOST_ID, type InterfaceId, type PeerId } from '../../../main/store';
import { freshStore, randomKey } from '../store/helpers';
import { refusingKernelHost } from './fake-host';

const ADMIN = { actor: 'admin' };

test('a refused kernel change leaves the database telling the truth', async () => {
  const store = freshStore();
  const services = createServices(
    createContext({
      store,
      host: refusingKernelHost(),
      hostId: LOCAL_HOST_ID,
      now: Date.now,
      events: () => undefined,
    }),
  );
  // Stored directly as "up": creating it through the service would need the kernel.
  const iface = store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName('wg9')),
    privateKey: randomKey(),
    publicKey: randomKey(),
    ipv4Address: unwrap(parseInterfaceAddress('10.9.0.1/24')),
    enabled: true,
  });
  const id = iface.id as InterfaceId;
  const input = {
    interfaceId: id,
    name: unwrap(parseConfText('p')),
    type: 'client' as const,
    tunnelMode: 'hub' as const,
    presharedKey: false,
    keepPrivateKey: true,
  };

  await assert.rejects(services.peers.create(input, ADMIN), { kind: 'CommandFailed' });
  assert.equal(store.peers.countByInterface(id), 0, 'create rolled back');
  assert.equal(store.audit.list({ limit: 1 })[0]?.action, 'peer.create.reverted');

  await assert.rejects(
    services.bulk.create({ ...input, count: 3, namePattern: 'b' }, ADMIN),
    (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /3 peers were stored but the kernel did not take them/);
      return true;
    },
  );
  const rows = store.peers.listByInterface(id);
  assert.equal(rows.length, 3);
  assert.ok(
    rows.every((r) => !r.applied),
    'bulk rows kept, marked not applied',
  );

  const row = rows[0];
  assert.ok(row);
  await assert.rejects(
    services.peers.update(row.id as PeerId, { keepalive: unwrap(parseKeepalive(9)) }, ADMIN),
    { kind: 'CommandFailed' },
  );
  assert.equal(store.peers.require(row.id).keepalive, 0, 'update restored');

  await assert.rejects(services.peers.delete([row.id as PeerId], ADMIN), { kind: 'CommandFailed' });
  assert.equal(store.peers.countByInterface(id), 3, 'nothing deleted');
});
