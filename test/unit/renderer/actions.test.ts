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
  bandwidthDownKbps: null,
  bandwidthUpKbps: null,
  peers: 0,
  devicesOnline: 0,
  atLimit: false,
  holding: [],
  waiting: [],
  quotaBytes: null,
  quotaPeriod: 'month' as const,
  quotaResetDay: 1,
  quotaUsed: 0,
  quotaOut: null,
  peerExpiryDays: null,
  peerQuotaBytes: null,
  peerQuotaPeriod: 'month' as const,
  peerQuotaResetDay: 1,
  createdAt: 0,
  updatedAt: 0,
};
const ovpnServer = {
  id: 1,
  name: 'legacy',
  protocol: 'openvpn' as const,
  address: { kind: 'unix' as const, path: '/run/openvpn/mgmt.sock' },
  hasPassword: true,
  identityBy: 'common_name' as const,
  state: 'up' as const,
  error: null,
  sessions: [],
};
const imported = { interface: server(9), peers: 0, warnings: [] };
const rule = {
  id: 1,
  interfaceId: 1,
  source: { kind: 'any' },
  destination: { kind: 'internet' },
  protocol: 'tcp',
  ports: '22',
  action: 'deny',
  priority: 10,
  enabled: true,
  packets: 0,
  bytes: 0,
  createdAt: 0,
  updatedAt: 0,
};
const network = {
  interfaceId: 1,
  managed: true,
  reach: 'internet',
  uplink: null,
  uplinkInUse: null,
  masqueradeIpv4: true,
  masqueradeIpv6: false,
  policy: 'isolate',
  routeConflicts: [],
  rules: [rule],
};

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
    'peers.revoke': () => ({ revoked: 1 }),
    'peers.disconnect': () => [stats(1, { status: 'disconnected' })],
    'peers.reconnect': () => [stats(1)],
    'users.create': () => user,
    'users.update': () => user,
    'users.delete': () => ({ deleted: true }),
    'users.swapDevice': () => user,
    'limits.enforceNow': () => ({ cuts: [] }),
    'openvpn.disconnect': () => ovpnServer,
    'openvpn.assign': () => [],
    'openvpn.attach': () => ovpnServer,
    'openvpn.detach': () => ({ deleted: true }),
    'openvpn.release': () => [],
    'network.configure': () => network,
    'network.rules.create': () => rule,
    'network.rules.update': () => rule,
    'network.rules.delete': () => ({ deleted: true }),
    'network.explain': () => ({
      allowed: true,
      ruleId: 1,
      decidedBy: 'rule',
      reason: { code: 'rule', ruleId: 1, allowed: true },
    }),
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
    'backup.restore': () => ({
      interfaces: 1,
      peers: 2,
      users: 0,
      backupCreatedAt: 0,
      servers: [],
      removed: [],
    }),
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
  revokePeers: ['peers.revoke', (a) => a.revokePeers([1])],
  disconnect: ['peers.disconnect', (a) => a.disconnect([1], 3600)],
  reconnect: ['peers.reconnect', (a) => a.reconnect([1])],
  setEnabled: ['peers.update', (a) => a.setEnabled(1, 'laptop', false)],
  createUser: ['users.create', (a) => a.createUser({ name: 'dana' })],
  updateUser: ['users.update', (a) => a.updateUser({ id: 1, maxDevices: 2 })],
  deleteUser: ['users.delete', (a) => a.deleteUser(1)],
  swapDevice: ['users.swapDevice', (a) => a.swapDevice(1, 2)],
  enforceLimits: ['limits.enforceNow', (a) => a.enforceLimits()],
  disconnectOpenVpn: ['openvpn.disconnect', (a) => a.disconnectOpenVpn(1, 0)],
  assignOpenVpnIdentity: [
    'openvpn.assign',
    (a) => a.assignOpenVpnIdentity(1, 'ev "il__client-kill 0', 1),
  ],
  attachOpenVpn: [
    'openvpn.attach',
    (a) =>
      a.attachOpenVpn({
        name: 'office',
        address: { kind: 'tcp', host: '::1', port: 7505 },
        password: 'pw',
      }),
  ],
  detachOpenVpn: ['openvpn.detach', (a) => a.detachOpenVpn(1)],
  releaseOpenVpnIdentity: ['openvpn.release', (a) => a.releaseOpenVpnIdentity(1, 'laptop')],
  configureNetwork: [
    'network.configure',
    (a) => a.configureNetwork({ interfaceId: 1, policy: 'isolate' }),
  ],
  createRule: [
    'network.rules.create',
    (a) =>
      a.createRule({
        interfaceId: 1,
        source: { kind: 'any' },
        destination: { kind: 'internet' },
        action: 'deny',
      }),
  ],
  updateRule: ['network.rules.update', (a) => a.updateRule({ id: 1, ports: '22, 80-90' })],
  deleteRule: ['network.rules.delete', (a) => a.deleteRule(1)],
  // Into a gap between its new neighbours: one rule renumbered, one call.
  moveRule: [
    'network.rules.update',
    (a) =>
      a.moveRule(
        [
          { id: 1, priority: 10 },
          { id: 2, priority: 20 },
          { id: 3, priority: 30 },
        ],
        0,
        1,
      ),
  ],
  explain: [
    'network.explain',
    (a) =>
      a.explain({
        interfaceId: 1,
        from: { peerId: 1 },
        to: { peerId: 2 },
        protocol: 'tcp',
        port: 22,
      }),
  ],
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
  restoreBackup: [
    'backup.restore',
    (a) =>
      a.restoreBackup({
        name: 'wgdesk-2026-01-01T00-00-00-000Z.wgbackup',
        passphrase: 'a long passphrase',
      }),
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

  test('the notice of a one-click change takes it back: disable, then enable', async () => {
    const fake = fakeMain();
    const store = createAppStore();
    const a = makeActions(fake.client, store, { text: () => undefined, base64: () => undefined });
    await a.setEnabled(1, 'laptop', false);
    const [notice] = store.getState().notices;
    assert.ok(notice?.undo !== undefined, 'the notice offers Undo');
    notice.undo();
    await fake.settled();
    assert.deepEqual(
      fake.calls.map((c) => c.params),
      [
        { id: 1, enabled: false },
        { id: 1, enabled: true },
      ],
    );
  });

  test('a disconnect is undone by a reconnect of the same peers', async () => {
    const fake = fakeMain();
    const store = createAppStore();
    const a = makeActions(fake.client, store, { text: () => undefined, base64: () => undefined });
    await a.disconnect([1]);
    store.getState().notices[0]?.undo?.();
    await fake.settled();
    assert.deepEqual(fake.methods(), ['peers.disconnect', 'peers.reconnect']);
  });

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

  test('a rule whose port is out of range never reaches main, and names its field', async () => {
    const fake = fakeMain();
    const a = makeActions(fake.client, createAppStore(), {
      text: () => undefined,
      base64: () => undefined,
    });
    await assert.rejects(
      a.updateRule({ id: 1, ports: '65536' }),
      (e: unknown) => e instanceof ClientError && e.kind === 'InvalidInput' && e.field === 'ports',
    );
    assert.deepEqual(fake.methods(), []);
  });
});
