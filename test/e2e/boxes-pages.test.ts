/**
 * Every page works the same for a box: on a real box (sshd and the box's
 * wgdesk service in a namespace, reached by `wgdesk serve --boxes` through
 * `wgdesk bridge`, test/e2e/box-window.ts), the config and its QR code, a
 * real client's traffic live in the peer table, a one-click Disconnect, a
 * user's device limit cutting a device, that cut in the logs page, and a
 * server's settings page applying a change to the box's kernel.
 * Needs root (namespaces) and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeQr, useRig, waitFor } from '../integration/rig';
import { addAndOpenBox, openBoxWindow, type BoxWindow } from './box-window';
import { clientUp, keepPinging } from './net';
import { ServerSettingsScreen } from './server-settings-pages';
import type { PeerTableScreen } from './pages';

/** Not 7461 (boxes.test.ts): the boxes files may run at the same time. */
const PORT = 7462;
const rig = useRig();
let w: BoxWindow | undefined;
const SERVER = rig.name('bp');
const HUB = 'Hub-routed (the server network)';
/** A box's page hears of a change through one more hop (the SSH link) than this machine's. */
const LIVE = 15_000;

before(async () => {
  w = await openBoxWindow(rig, PORT, 'ep');
});

after(async () => {
  await w?.close();
});

function ready(): BoxWindow {
  assert.ok(w, 'the box and the window are set up');
  return w;
}

async function peersPage(): Promise<PeerTableScreen> {
  return (await ready().win.goToServers()).openServer(SERVER);
}

async function configOf(peers: PeerTableScreen, peer: string): Promise<string> {
  const dialog = await peers.showConfig(peer);
  const { text } = await dialog.downloadConf();
  await dialog.close();
  return text;
}

test('on a box: the config and its QR code, a real client live in the table, one-click Disconnect', async () => {
  const { win, box, browser } = ready();
  await addAndOpenBox(ready());
  const servers = await win.goToServers();
  await servers.createServer({
    name: SERVER,
    port: '51994',
    ipv4: '10.153.0.1/24',
    endpoint: '192.0.2.1:51994',
  });
  const peers = await servers.openServer(SERVER);
  await peers.addPeer('phone', { tunnel: HUB });

  const dialog = await peers.showConfig('phone');
  const qrPath = join(rig.dir, 'box-qr.png');
  writeFileSync(qrPath, await dialog.qrPng());
  const conf = await dialog.downloadConf();
  assert.equal(conf.filename, 'phone.conf');
  assert.equal(await decodeQr(qrPath), conf.text);
  await dialog.close();

  // A real client of the box, on the box's own LAN: its traffic shows in this window.
  const cli = await clientUp(rig, box.ns, 'c', '192.0.2', conf.text);
  const stop = keepPinging(cli.ns, '10.153.0.1');
  try {
    await peers.waitForStatus('phone', 'Online', LIVE);
    assert.match(await peers.cell('phone', 'handshake').innerText(), /s ago|now/);
    const rx = async (): Promise<string> => peers.cell('phone', 'rx').innerText();
    const first = await rx();
    await waitFor(async () => (await rx()) !== first, LIVE, 'the RX column to grow');

    await peers.disconnect('phone');
    await peers.waitForStatus('phone', 'Disconnected', LIVE);
    // Cut on the box itself: its kernel no longer has the peer.
    assert.equal((await rig.exec(box.ns, 'wg', ['show', SERVER, 'peers'])).trim(), '');
  } finally {
    stop();
  }
  assert.deepEqual(browser.errors, []);
});

test('on a box: the users page says whose users they are; a device limit cuts, and the logs page says why', async () => {
  const { win, box, browser, address } = ready();
  const page = browser.page;
  const users = await win.goToUsers();
  await page
    .getByText(`These users and their device limits belong to the box ${address}`)
    .waitFor();
  await users.addUser('dana', 1);
  const peers = await peersPage();
  const confs: string[] = [];
  for (const device of ['dana-phone', 'dana-laptop']) {
    await peers.addPeer(device, { tunnel: HUB, owner: 'dana' });
    confs.push(await configOf(peers, device));
  }
  const [phoneConf, laptopConf] = confs;
  assert.ok(phoneConf !== undefined && laptopConf !== undefined);

  const phone = await clientUp(rig, box.ns, 'p', '198.51.100', phoneConf);
  const stopPhone = keepPinging(phone.ns, '10.153.0.1');
  try {
    await peers.waitForStatus('dana-phone', 'Online', LIVE);
    const laptop = await clientUp(rig, box.ns, 'l', '203.0.113', laptopConf);
    const stopLaptop = keepPinging(laptop.ns, '10.153.0.1');
    try {
      await peers.waitForStatus('dana-laptop', 'Online', LIVE);
      await peers.waitForStatus('dana-phone', 'Waiting for a device slot', LIVE);
    } finally {
      stopLaptop();
    }
  } finally {
    stopPhone();
  }
  const logs = await win.goToLogs();
  const entry = await logs.waitForConnectionEntry('dana-phone', 'Cut by the device limit', LIVE);
  assert.match(await entry.innerText(), /over the device limit of dana \(2 online, limit 1\)/);
  assert.deepEqual(browser.errors, []);
});

test('on a box: the server’s settings page previews a port change and applies it to the box', async () => {
  const { box, browser } = ready();
  await peersPage();
  const settings = await ServerSettingsScreen.open(browser.page, SERVER);
  await settings.fill('Listen port', '51995');
  const preview = await settings.preview();
  assert.match(await preview.sessions(), /^Live sessions will drop/);
  await preview.apply();
  const port = async (): Promise<string> =>
    (await rig.exec(box.ns, 'wg', ['show', SERVER, 'listen-port'])).trim();
  await waitFor(async () => (await port()) === '51995', LIVE, 'the box’s kernel on the new port');
  await waitFor(
    async () => (await settings.field('Listen port').inputValue()) === '51995',
    LIVE,
    'the form showing the box’s new port',
  );
  assert.deepEqual(browser.errors, []);
});
