/**
 * Interface drift beyond key and port: fwmark, addresses and MTU changed
 * behind wgdesk's back are reported, pushed back, or adopted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseInterfaceAddress, parseInterfaceName, parsePort } from '../../../shared/validate';
import type { InterfaceId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

test('fwmark, addresses and MTU drift, both ways', async (t) => {
  const ns = await rig.namespace('d');
  const { services, host, store } = await world(rig, ns);
  const name = unwrap(parseInterfaceName(rig.name('d0')));
  const view = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51890)),
      ipv4Address: unwrap(parseInterfaceAddress('10.133.0.1/24')),
    },
    ADMIN,
  );
  const id = view.id as InterfaceId;
  const outOfBand = async () => {
    await rig.exec(ns, 'wg', ['set', name, 'fwmark', '0x7']);
    // Deleted first: removing a primary address takes its secondaries with it.
    await rig.exec(ns, 'ip', ['address', 'del', '10.133.0.1/24', 'dev', name]);
    await rig.exec(ns, 'ip', ['address', 'add', '10.133.0.9/24', 'dev', name]);
    await rig.exec(ns, 'ip', ['link', 'set', name, 'mtu', '1300']);
  };
  assert.deepEqual((await services.drift.get(id)).interfaceDifferent, [], 'clean after create');

  await t.test('reported and pushed back', async () => {
    await outOfBand();
    const report = await services.drift.get(id);
    assert.deepEqual([...report.interfaceDifferent].sort(), ['addresses', 'fwmark', 'mtu']);
    const after = await services.drift.reconcile(id, 'push', ADMIN);
    assert.deepEqual(after.interfaceDifferent, []);
    assert.equal((await host.readInterface(name)).fwMark, 0);
    const link = await host.linkState(name);
    assert.deepEqual(link.addresses, ['10.133.0.1/24']);
    assert.equal(link.mtu, 1420);
  });

  await t.test('or adopted', async () => {
    await outOfBand();
    const after = await services.drift.reconcile(id, 'adopt', ADMIN);
    assert.deepEqual(after.interfaceDifferent, []);
    const row = store.interfaces.require(id);
    assert.equal(row.fwmark, 7);
    assert.equal(row.ipv4Address, '10.133.0.9/24');
    assert.equal(row.mtu, 1300);
  });
});
