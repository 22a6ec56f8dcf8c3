/**
 * A server's network page as an admin uses it (issue 11): the built renderer
 * served by the real `wgdesk serve` in a network namespace, its real store
 * and firewall; what the page saved is read back through the contract.
 * Needs root (namespaces, nft) and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { useRig } from '../integration/rig';
import { openApi, type Api } from './api';
import { launch, type Browser } from './browser';
import type { NetworkScreen } from './network-pages';
import { WgdeskWindow } from './pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const SERVER = rig.name('n0');
let ns = '';
let serve: ServeProcess;
let api: Api;
let browser: Browser;
let screen: NetworkScreen;
let interfaceId = 0;
const peerIds: Record<string, number> = {};

before(async () => {
  ns = await rig.namespace('s');
  serve = await startServe(ns, join(rig.dir, 'data'));
  [api, browser] = await Promise.all([
    openApi(ns, serve.url),
    launch({ executablePath: chromiumInNamespace(rig.dir, ns) }),
  ]);
  const server = await api.call('interfaces.create', {
    name: SERVER,
    listenPort: 51830,
    ipv4Address: '10.71.0.1/24',
    publicEndpoint: '192.0.2.1:51830',
  });
  interfaceId = server.id;
  for (const name of ['alpha', 'bravo']) {
    const { peer } = await api.call('peers.create', { interfaceId, name, tunnelMode: 'hub' });
    peerIds[name] = peer.id;
  }
  const win = new WgdeskWindow(browser.page);
  const servers = await win.open(serve.url);
  screen = await (await servers.openServer(SERVER)).openNetwork();
});

after(async () => {
  await browser?.close();
  api?.close();
  await serve?.stop();
});

const rules = async () => (await api.call('network.get', { interfaceId })).rules;

/** Waits (on main's 'network' pushes, 10 s at most) until main applies the rules in this order. */
async function orderBecomes(ids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let order = (await rules()).map((r) => r.id);
  while (order.join() !== ids.join() && Date.now() < deadline) {
    await api.nextEvent('state.changed', (p) => p.what === 'network', 2_000).catch(() => null);
    order = (await rules()).map((r) => r.id);
  }
  assert.deepEqual(order, ids, 'the order persisted in main');
}

test('client isolation is saved from the settings form', async () => {
  await screen.setPolicy('Client isolation (peers cannot reach each other)');
  const view = await api.call('network.get', { interfaceId });
  assert.deepEqual(
    { policy: view.policy, managed: view.managed },
    { policy: 'isolate', managed: true },
  );
});

test('a port outside 1-65535 shows under the Ports field and creates nothing', async () => {
  const d = await screen.fillNewRule({
    sourcePeer: 'alpha',
    destinationPeer: 'bravo',
    protocol: 'TCP',
    ports: '70000',
    action: 'Allow',
  });
  await screen.submitRule(d);
  await d
    .getByLabel('Ports')
    .and(browser.page.locator('[aria-invalid="true"]'))
    .waitFor({ timeout: 10_000 });
  assert.match(await d.getByRole('alert').first().innerText(), /65535|65,535/);
  await d.getByRole('button', { name: 'Cancel', exact: true }).click();
  assert.deepEqual(await rules(), []);
});

test('a rule created in the page is in main, shown in its row', async () => {
  const d = await screen.fillNewRule({
    sourcePeer: 'alpha',
    destinationPeer: 'bravo',
    protocol: 'TCP',
    ports: '22',
    action: 'Allow',
  });
  await screen.submitRule(d);
  await d.waitFor({ state: 'detached', timeout: 10_000 });
  const [rule] = await rules();
  assert.ok(rule !== undefined);
  assert.deepEqual(
    { source: rule.source, destination: rule.destination, ports: rule.ports, action: rule.action },
    {
      source: { kind: 'peer', peerId: peerIds['alpha'] },
      destination: { kind: 'peer', peerId: peerIds['bravo'] },
      ports: '22',
      action: 'allow',
    },
  );
  const row = screen.rule(`Rule #${rule.id} (priority ${rule.priority})`);
  await row.waitFor({ timeout: 10_000 });
  assert.match(await row.innerText(), /alpha\s+bravo\s+TCP\s+22\s+Allow/);
});

test('dragging the second rule onto the first puts it first in main', async () => {
  const second = await api.call('network.rules.create', {
    interfaceId,
    source: { kind: 'any' },
    destination: { kind: 'internet' },
    action: 'deny',
  });
  const before = await rules();
  assert.deepEqual(
    before.map((r) => r.id),
    [before[0]?.id, second.id],
  );
  const name = (r: { id: number; priority: number }) => `Rule #${r.id} (priority ${r.priority})`;
  await screen.rule(name(second)).waitFor({ timeout: 10_000 });
  const first = before[0];
  assert.ok(first !== undefined);
  await screen.drag(name(second), name(first));
  await orderBecomes([second.id, first.id]);
  // The page follows main's push: the dragged rule is listed first.
  await screen.rule(name((await rules())[0] ?? second)).waitFor({ timeout: 10_000 });
  assert.equal((await screen.ruleNames())[0], name((await rules())[0] ?? second));

  // From the keyboard: the first rule's "move down" button puts it back second.
  await screen.moveDown(name((await rules())[0] ?? second));
  await orderBecomes([first.id, second.id]);
});

test('explain names the rule that decides, and the policy when no rule matches', async () => {
  const rule = (await rules()).find((r) => r.ports === '22');
  assert.ok(rule !== undefined);
  const allowed = await screen.explain('alpha', 'bravo', 'TCP', '22');
  assert.match(allowed, /^Allowed/);
  assert.ok(
    allowed.includes(`Rule #${rule.id} (priority ${rule.priority})`),
    `names the deciding rule: ${allowed}`,
  );
  const denied = await screen.explain('alpha', 'bravo', 'TCP', '23');
  assert.match(denied, /^Denied — decided by the default policy/);
});
