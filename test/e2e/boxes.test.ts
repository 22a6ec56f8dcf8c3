/**
 * A box from the window: the built renderer on the real `wgdesk serve --boxes`,
 * Chromium, and a real box (Debian's sshd and the box's wgdesk service in a
 * namespace, test/integration/remote/box.ts), reached from serve's namespace
 * with a key whose authorized_keys entry forces `wgdesk bridge`. The admin
 * adds the box, checks its fingerprint, opens it, and makes a server and a
 * peer there through the same pages as for this machine.
 * Needs root (namespaces) and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { formatBoxAddress } from '../../shared/validate/box-address';
import { sh, useRig, waitFor } from '../integration/rig';
import { createBox, type Box } from '../integration/remote/box';
import { launch, type Browser } from './browser';
import { WgdeskWindow } from './pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

/** Not 7420: the other e2e files may run their own serve at the same time. */
const PORT = 7461;
const rig = useRig();
let box: Box;
let srvNs = '';
let serve: ServeProcess | undefined;
let browser: Browser | undefined;
let win: WgdeskWindow;
const keyFile = join(rig.dir, 'id_box');
const SERVER = rig.name('b0');

before(async () => {
  box = await createBox(rig, 'eb');
  srvNs = await rig.namespace('s');
  // serve's namespace reaches the box's sshd over a veth of its own.
  const [near, far] = [rig.name('ebs'), rig.name('ebb')];
  await sh('ip', ['link', 'add', near, 'netns', srvNs, 'type', 'veth', 'peer', 'name', far]);
  await sh('ip', ['link', 'set', far, 'netns', box.ns]);
  await rig.exec(srvNs, 'ip', ['address', 'add', '198.18.0.1/30', 'dev', near]);
  await rig.exec(srvNs, 'ip', ['link', 'set', near, 'up']);
  await rig.exec(box.ns, 'ip', ['address', 'add', '198.18.0.2/30', 'dev', far]);
  await rig.exec(box.ns, 'ip', ['link', 'set', far, 'up']);
  await rig.exec(srvNs, 'ip', ['route', 'add', `${box.address.host}/32`, 'via', '198.18.0.2']);
  // A key that can only speak the contract: its forced command runs the bridge.
  await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  const publicKey = (await sh('cat', [`${keyFile}.pub`])).trim();
  appendFileSync(
    join(box.sshDir, 'authorized_keys'),
    `restrict,command="${box.bridgeCommand.join(' ')}" ${publicKey}\n`,
  );
  serve = await startServe(srvNs, join(rig.dir, 'data'), { port: PORT, boxes: true });
  browser = await launch({ executablePath: chromiumInNamespace(rig.dir, srvNs) });
  win = new WgdeskWindow(browser.page);
});

after(async () => {
  await browser?.close();
  await serve?.stop();
  await box?.cleanup();
});

test('add a box, confirm its fingerprint, open it, and make a server and a peer on it', async () => {
  assert.ok(browser);
  const page = browser.page;
  const address = formatBoxAddress(box.address);
  await win.open(serve?.url ?? '');
  const machines = page.getByRole('list', { name: 'Machines' });
  await machines.getByRole('button', { name: 'This machine' }).waitFor();

  await machines.getByRole('button', { name: 'Add box' }).click();
  const add = page.getByRole('dialog', { name: 'Add a box' });
  await add.getByLabel('Address').fill(address);
  await add.getByLabel('Key file (optional)').fill(keyFile);
  await add.getByRole('button', { name: 'Add', exact: true }).click();

  // The fingerprint shown is the one ssh-keygen prints on the box for its host key.
  const trust = page.getByRole('dialog', { name: `Confirm the host key of ${address}` });
  const shown = (await trust.locator('code').innerText({ timeout: 30_000 })).trim();
  const keygen = await sh('ssh-keygen', ['-lf', join(box.sshDir, 'host_ed25519.pub')]);
  assert.equal(shown, keygen.split(' ')[1]);
  await trust.getByRole('button', { name: 'Trust and connect' }).click();
  await trust.waitFor({ state: 'detached', timeout: 30_000 });

  const item: Locator = machines.getByRole('button', { name: new RegExp(`^${address}`) });
  await waitFor(
    async () => (await item.locator('.nav-count').innerText()) === 'connected',
    60_000,
    'the box connected in the sidebar',
  );
  await item.click();
  await page
    .getByRole('status')
    .filter({ hasText: `Box ${address}: connected.` })
    .waitFor({ timeout: 10_000 });

  const servers = await win.goToServers();
  await servers.createServer({
    name: SERVER,
    port: '51992',
    ipv4: '10.152.0.1/24',
    endpoint: '192.0.2.1:51992',
  });
  const peers = await servers.openServer(SERVER);
  await peers.addPeer('box-laptop');
  await peers.waitForStatus('box-laptop', 'Never connected');

  // On the box, in its namespace: the server and its one peer. Not on this machine.
  const onBox = await rig.exec(box.ns, 'wg', ['show', SERVER, 'peers']);
  assert.equal(onBox.trim().split('\n').filter(Boolean).length, 1);
  await assert.rejects(rig.exec(srvNs, 'ip', ['link', 'show', SERVER]));

  // This machine's pages show this machine's state: the box's server is not among them.
  await machines.getByRole('button', { name: 'This machine' }).click();
  await page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
  assert.equal(
    await page
      .getByRole('main')
      .getByRole('button', { name: `Open ${SERVER}` })
      .count(),
    0,
  );
  // The sidebar still lists the box's servers under it.
  await machines.getByRole('button', { name: `Open ${SERVER}` }).waitFor();
  assert.deepEqual(browser.errors, []);
});
