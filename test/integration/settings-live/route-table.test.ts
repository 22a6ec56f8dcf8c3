/**
 * wg-quick's Table, edited on a running server: the preview names the routes
 * that move, the site route of a gateway peer goes into table 1234, "off"
 * takes it away, auto brings it back to the main table; a table name the
 * machine does not know is refused naming the field, and nothing changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
  parseRouteTable,
} from '../../../shared/validate';
import type { InterfaceId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { useRig } from '../rig';
import { ADMIN, appError, world } from '../services/setup';

const rig = useRig();

test('Table moves the site routes between tables, off removes them, auto restores them', async () => {
  const ns = await rig.namespace('t');
  const { services, store } = await world(rig, ns);
  const name = unwrap(parseInterfaceName(rig.name('t0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51831)),
      ipv4Address: unwrap(parseInterfaceAddress('10.47.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  await services.peers.create(
    {
      interfaceId: id,
      name: unwrap(parseConfText('site')),
      type: 'gateway',
      tunnelMode: 'hub',
      publicKey: (await generateKeyPair()).publicKey,
      presharedKey: false,
      keepPrivateKey: false,
      extraNetworks: [unwrap(parseCidr('192.168.47.0/24'))],
    },
    ADMIN,
  );
  const site = new RegExp(`^192\\.168\\.47\\.0/24 dev ${name} proto 241`, 'm');
  const inTable = (t: string) => rig.exec(ns, 'ip', ['-4', 'route', 'show', 'table', t]);
  assert.match(await inTable('main'), site, 'auto: the main table');

  const table = (v: string) => ({ routeTable: unwrap(parseRouteTable(v)) });
  const plan = await services.interfaces.preview(id, table('1234'));
  assert.deepEqual(plan.changes, [{ field: 'routeTable', before: 'auto', after: '1234' }]);
  assert.deepEqual(
    plan.steps.map((s) => s.text),
    ['ip route: move 192.168.47.0/24 from the main table to table 1234'],
  );
  assert.equal(plan.sessionsDrop, false);
  assert.deepEqual(plan.clientConfigs, [], 'no client config holds the server table');

  await services.interfaces.update(id, table('1234'), ADMIN);
  assert.match(await inTable('1234'), site, 'moved to 1234');
  assert.doesNotMatch(await inTable('main'), site, 'gone from main');
  assert.equal(store.interfaces.require(id).routeTable, '1234');

  const off = await services.interfaces.preview(id, table('off'));
  assert.deepEqual(
    off.steps.map((s) => s.text),
    ['ip route: remove 192.168.47.0/24 from table 1234 (Table = off: no routes)'],
  );
  await services.interfaces.update(id, table('off'), ADMIN);
  const all = await rig.exec(ns, 'ip', ['-4', 'route', 'show', 'table', 'all']);
  assert.doesNotMatch(all, /192\.168\.47\.0\/24/, 'off: no route in any table');

  const unknown = await appError(() => services.interfaces.update(id, table('nosuchtable'), ADMIN));
  assert.equal(unknown.kind, 'InvalidInput');
  assert.equal(unknown.field, 'routeTable');
  assert.equal(store.interfaces.require(id).routeTable, 'off', 'nothing stored');

  await services.interfaces.update(id, { routeTable: null }, ADMIN);
  assert.match(await inTable('main'), site, 'auto again: back in main');
  assert.doesNotMatch(await inTable('1234'), site);
});
