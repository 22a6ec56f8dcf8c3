import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseDnsList,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate/index';
import { LOCAL_HOST_ID, type HostId, type NewInterface } from '../../../main/store/types';
import { freshStore, randomKey } from './helpers';

function newInterface(name: string, extra: Partial<NewInterface> = {}): NewInterface {
  return {
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName(name)),
    privateKey: randomKey(),
    publicKey: randomKey(),
    ...extra,
  };
}

describe('interfaces', () => {
  let clock = 1_000;
  const store = freshStore(() => clock);

  test('insert returns the record with defaults and derived networks', () => {
    const input = newInterface('wg0', {
      listenPort: unwrap(parsePort(51820)),
      ipv4Address: unwrap(parseInterfaceAddress('10.8.0.1/24')),
      ipv6Address: unwrap(parseInterfaceAddress('fd00:8::1/64')),
      dns: unwrap(parseDnsList('1.1.1.1, example.org')),
      postUp: [unwrap(parseConfText('iptables -A FORWARD -i %i -j ACCEPT'))],
      publicEndpoint: unwrap(parseEndpoint('vpn.example.org:51820')),
    });
    const rec = store.interfaces.insert(input);
    assert.deepEqual(rec, {
      id: rec.id,
      hostId: LOCAL_HOST_ID,
      name: 'wg0',
      publicKey: input.publicKey,
      listenPort: 51820,
      ipv4Address: '10.8.0.1/24',
      ipv6Address: 'fd00:8::1/64',
      ipv4Network: '10.8.0.0/24',
      ipv6Network: 'fd00:8::/64',
      dns: ['1.1.1.1', 'example.org'],
      mtu: null,
      routeTable: null,
      fwmark: null,
      preUp: [],
      postUp: ['iptables -A FORWARD -i %i -j ACCEPT'],
      preDown: [],
      postDown: [],
      publicEndpoint: 'vpn.example.org:51820',
      enabled: true,
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    assert.deepEqual(store.interfaces.getById(rec.id), rec);
    assert.deepEqual(store.interfaces.getByName(LOCAL_HOST_ID, input.name), rec);
    assert.equal(store.interfaces.revealPrivateKey(rec.id), input.privateKey);
  });

  test('list never carries the private key', () => {
    const input = newInterface('wg-list');
    store.interfaces.insert(input);
    const all = store.interfaces.list();
    assert.ok(all.some((i) => i.name === 'wg-list'));
    assert.deepEqual(store.interfaces.list(LOCAL_HOST_ID), all);
    assert.deepEqual(store.interfaces.list(99 as HostId), []);
    assert.ok(!JSON.stringify(all).includes(input.privateKey));
  });

  test('a second interface with the same name on a host is a Conflict', () => {
    store.interfaces.insert(newInterface('wg-dup'));
    assert.throws(() => store.interfaces.insert(newInterface('wg-dup')), {
      kind: 'Conflict',
      message: `host ${LOCAL_HOST_ID} already has an interface named wg-dup`,
    });
  });

  test('an unknown host is NotFound', () => {
    assert.throws(() => store.interfaces.insert(newInterface('wg-x', { hostId: 42 as HostId })), {
      kind: 'NotFound',
      message: 'host 42 does not exist',
    });
  });

  test('update changes only the given fields and re-derives networks', () => {
    const rec = store.interfaces.insert(
      newInterface('wg-upd', { ipv4Address: unwrap(parseInterfaceAddress('10.9.0.1/16')) }),
    );
    clock = 2_000;
    const next = store.interfaces.update(rec.id, {
      ipv4Address: unwrap(parseInterfaceAddress('192.168.77.1/24')),
      enabled: false,
    });
    assert.deepEqual(next, {
      ...rec,
      ipv4Address: '192.168.77.1/24',
      ipv4Network: '192.168.77.0/24',
      enabled: false,
      updatedAt: 2_000,
    });
  });

  test('renaming re-seals the private key under the new name', () => {
    const input = newInterface('wg-old');
    const rec = store.interfaces.insert(input);
    const renamed = store.interfaces.update(rec.id, { name: unwrap(parseInterfaceName('wg-new')) });
    assert.equal(renamed.name, 'wg-new');
    assert.equal(store.interfaces.revealPrivateKey(rec.id), input.privateKey);
    assert.throws(
      () => store.interfaces.update(rec.id, { name: unwrap(parseInterfaceName('wg0')) }),
      {
        kind: 'Conflict',
      },
    );
    assert.equal(store.interfaces.require(rec.id).name, 'wg-new');
  });

  test('replaceKeys swaps the pair', () => {
    const rec = store.interfaces.insert(newInterface('wg-rot'));
    const [priv, pub] = [randomKey(), randomKey()];
    assert.equal(store.interfaces.replaceKeys(rec.id, priv, pub).publicKey, pub);
    assert.equal(store.interfaces.revealPrivateKey(rec.id), priv);
  });

  test('a sealed key copied to another interface does not open there', () => {
    const a = store.interfaces.insert(newInterface('wg-a'));
    const b = store.interfaces.insert(newInterface('wg-b'));
    store.db
      .prepare(
        `UPDATE interfaces SET private_key_sealed =
           (SELECT private_key_sealed FROM interfaces WHERE id = ?) WHERE id = ?`,
      )
      .run(a.id, b.id);
    assert.throws(() => store.interfaces.revealPrivateKey(b.id), {
      kind: 'Internal',
      message: /failed authentication for interface:1:wg-b:private_key/,
    });
  });

  test('missing ids are NotFound', () => {
    const missing = store.interfaces.insert(newInterface('wg-gone'));
    store.interfaces.delete(missing.id);
    assert.equal(store.interfaces.getById(missing.id), undefined);
    assert.throws(() => store.interfaces.delete(missing.id), { kind: 'NotFound' });
    assert.throws(() => store.interfaces.update(missing.id, { enabled: false }), {
      kind: 'NotFound',
    });
    assert.throws(() => store.interfaces.revealPrivateKey(missing.id), { kind: 'NotFound' });
  });
});
