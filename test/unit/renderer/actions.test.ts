import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MethodName } from '../../../shared/contract';
import { makeActions, type Actions } from '../../../renderer/actions';
import { ClientError } from '../../../renderer/api/errors';
import { createAppStore } from '../../../renderer/store';
import { FakeMain } from './fake-main';
import { peer, server, stats, noDrift } from './fixtures';

// Every change the page can ask for, against a FAKE main that records calls
// and sends no pushes: an action must make its one call and nothing else. A
// reload after success, or main's answer written into the store, would be a
// second refresh path next to the pushes (store/sync.ts).

const user = {
  id: 1,
  name: 'dana',
  email: null,
  maxDevices: 0,
  limitCooldownS: 600,
  enabled: true,
  peers: 0,
  devicesOnline: 0,
  atLimit: false,
  createdAt: 0,
  updatedAt: 0,
};
const imported = { interface: server(9), peers: 0, warnings: [] };

function fakeMain(): FakeMain {
  return new FakeMain({
    'interfaces.create': () => server(9),
    'interfaces.update': () => server(1),
    'interfaces.setUp': () => server(1),
    'interfaces.delete': () => ({ deleted: true }),
    'interfaces.importConf': () => imported,
    'interfaces.importSystemConf': () => imported,
    'interfaces.importRunning': () => ({ interface: server(9), peers: 0 }),
    'interfaces.exportConf': () => ({ filename: 'wg1.conf', text: '[Interface]\n' }),
    'interfaces.exportClients': () => ({ filename: 'wg1.zip', base64: '', skipped: [] }),
    'drift.reconcile': () => noDrift(1),
    'peers.create': () => ({ peer: peer(7), config: null }),
    'peers.update': () => peer(1),
    'peers.createBulk': () => ({ ids: [7, 8] }),
    'peers.delete': () => ({ deleted: 1 }),
    'peers.disconnect': () => [stats(1, { status: 'disconnected' })],
    'peers.reconnect': () => [stats(1)],
    'users.create': () => user,
    'users.update': () => user,
    'users.delete': () => ({ deleted: true }),
    'limits.enforceNow': () => ({ cuts: [] }),
    // Issue 13: server settings with a preview, rollback, backups.
    'interfaces.previewUpdate': () => ({
      changes: [],
      steps: [],
      sessionsDrop: false,
      sessions: '',
      clientConfigs: [],
      notes: [],
    }),
    'revisions.rollback': () => server(1),
    'backup.create': () => ({ name: 'b', path: '/b', bytes: 1, createdAt: 0 }),
    'backup.setSchedule': () => ({ enabled: true, everyHours: 24, keep: 7 }),
  });
}

/** Each action, run once, and the one method it may call. */
const CHANGES: Record<string, [MethodName, (a: Actions) => Promise<unknown>]> = {
  createServer: ['interfaces.create', (a) => a.createServer({ name: 'wg9' })],
  updateServer: ['interfaces.update', (a) => a.updateServer({ id: 1, mtu: 1400 })],
  setUp: ['interfaces.setUp', (a) => a.setUp(1, false)],
  deleteServer: ['interfaces.delete', (a) => a.deleteServer(1)],
  importConf: ['interfaces.importConf', (a) => a.importConf({ name: 'wg9', text: '' })],
  importSystemConf: ['interfaces.importSystemConf', (a) => a.importSystemConf({ name: 'wg9' })],
  importRunning: ['interfaces.importRunning', (a) => a.importRunning({ name: 'wg9' })],
  exportConf: ['interfaces.exportConf', (a) => a.exportConf(1)],
  exportClients: ['interfaces.exportClients', (a) => a.exportClients(1)],
  reconcile: ['drift.reconcile', (a) => a.reconcile(1, 'push')],
  createPeer: ['peers.create', (a) => a.createPeer({ interfaceId: 1, name: 'laptop' })],
  updatePeer: ['peers.update', (a) => a.updatePeer({ id: 1, name: 'phone' })],
  createPeers: [
    'peers.createBulk',
    (a) => a.createPeers({ interfaceId: 1, count: 2, namePattern: 'd-{n}' }),
  ],
  deletePeers: ['peers.delete', (a) => a.deletePeers([1])],
  disconnect: ['peers.disconnect', (a) => a.disconnect([1], 3600)],
  reconnect: ['peers.reconnect', (a) => a.reconnect([1])],
  createUser: ['users.create', (a) => a.createUser({ name: 'dana' })],
  updateUser: ['users.update', (a) => a.updateUser({ id: 1, maxDevices: 2 })],
  deleteUser: ['users.delete', (a) => a.deleteUser(1)],
  enforceLimits: ['limits.enforceNow', (a) => a.enforceLimits()],
  // Issue 13: server settings with a preview, rollback, backups.
  previewServer: ['interfaces.previewUpdate', (a) => a.previewServer({ id: 1, dns: ['9.9.9.9'] })],
  applyServerSettings: [
    'interfaces.update',
    (a) => a.applyServerSettings({ id: 1, rotatePrivateKey: true }),
  ],
  rollback: ['revisions.rollback', (a) => a.rollback(1, 2)],
  createBackup: ['backup.create', (a) => a.createBackup('a long passphrase')],
  setBackupSchedule: [
    'backup.setSchedule',
    (a) => a.setBackupSchedule({ enabled: true, everyHours: 24, keep: 7 }),
  ],
};
/** Not changes: they move the page, and the first opening of a server reads its peers. */
const NAVIGATION = ['openServer', 'openPeer'];

describe('actions', () => {
  test('every action of the page is in this table', () => {
    const a = makeActions(fakeMain().client, createAppStore(), {
      text: () => undefined,
      base64: () => undefined,
    });
    assert.deepEqual(
      Object.keys(a).sort(),
      [...Object.keys(CHANGES), ...NAVIGATION].sort(),
      'a new action needs a row here',
    );
  });

  for (const [name, [method, run]] of Object.entries(CHANGES)) {
    test(`${name}: one call to ${method}, no reload, main's data left to the pushes`, async () => {
      const fake = fakeMain();
      const store = createAppStore();
      store.getState().setInterfaces([server(1)]);
      store.getState().setPeers(1, [peer(1)]);
      const before = store.getState();
      const saved: string[] = [];
      const a = makeActions(fake.client, store, {
        text: (f) => saved.push(f),
        base64: (f) => saved.push(f),
      });
      await run(a);
      await fake.settled();
      assert.deepEqual(fake.methods(), [method]);
      const after = store.getState();
      for (const key of ['interfaces', 'peerById', 'users', 'settings', 'drift', 'live'] as const) {
        assert.equal(after[key], before[key], `${key} changes only when main pushes`);
      }
      assert.deepEqual(
        after.notices.filter((n) => n.tone === 'error'),
        [],
      );
    });
  }

  test('params that fail the contract never reach main, and name their field', async () => {
    const fake = fakeMain();
    const a = makeActions(fake.client, createAppStore(), {
      text: () => undefined,
      base64: () => undefined,
    });
    await assert.rejects(
      a.createPeer({ interfaceId: 1, name: 'laptop', addresses: ['not-a-cidr'] }),
      (e: unknown) =>
        e instanceof ClientError && e.kind === 'InvalidInput' && e.field === 'addresses.0',
    );
    assert.deepEqual(fake.methods(), []);
  });
});
