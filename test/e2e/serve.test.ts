/**
 * The window as an admin uses it: the built renderer served by the real
 * `wgdesk serve`, with its real store, creating real wireguard-go servers in
 * a network namespace, and real clients (wg-quick) in other namespaces.
 * Needs root (namespaces) and `npm run build:renderer` (npm run test:e2e does it).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeQr, useRig, waitFor } from '../integration/rig';
import { launch, type Browser } from './browser';
import { WgdeskWindow, type PeerTableScreen } from './pages';
import { clientUp, keepPinging } from './net';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const OUT = 'test-results/serve';
let srvNs = '';
let serve: ServeProcess;
let browser: Browser;
let win: WgdeskWindow;
const SERVER = rig.name('s0');

before(async () => {
  // Only this run's pictures: a screen that is no longer taken must not linger.
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  srvNs = await rig.namespace('s');
  serve = await startServe(srvNs, join(rig.dir, 'data'));
  browser = await launch({ executablePath: chromiumInNamespace(rig.dir, srvNs) });
  win = new WgdeskWindow(browser.page);
});

after(async () => {
  await browser?.close();
  await serve?.stop();
});

const bytes = (text: string): number => {
  const m = /^([\d.,]+)\s*(B|KiB|MiB|GiB)$/.exec(text.trim());
  if (m === null) throw new Error(`not a byte count: ${text}`);
  const n = Number((m[1] ?? '0').replace(/,/g, ''));
  return n * { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] as 'B'];
};

/** Both byte columns of a peer's row, as numbers. */
async function counters(peers: PeerTableScreen, peer: string): Promise<{ rx: number; tx: number }> {
  return {
    rx: bytes(await peers.cell(peer, 'rx').innerText()),
    tx: bytes(await peers.cell(peer, 'tx').innerText()),
  };
}

test('create a server and a peer; the QR code is the .conf; a real client goes online, is cut off, comes back', async () => {
  const servers = await win.open(serve.url);
  await servers.createServer({
    name: SERVER,
    port: '51820',
    ipv4: '10.66.0.1/24',
    endpoint: '192.0.2.1:51820',
  });
  const peers: PeerTableScreen = await servers.openServer(SERVER);
  await peers.addPeer('laptop', { tunnel: 'Hub-routed (the server network)' });
  await peers.waitForStatus('laptop', 'Never connected');

  const dialog = await peers.showConfig('laptop');
  const png = await dialog.qrPng();
  const conf = await dialog.downloadConf();
  const qrPath = join(rig.dir, 'qr.png');
  writeFileSync(qrPath, png);
  assert.equal(
    await decodeQr(qrPath),
    conf.text,
    'the QR code decodes to exactly the downloaded .conf',
  );
  assert.equal(conf.filename, 'laptop.conf');
  await dialog.close();

  const cli = await clientUp(rig, srvNs, 'c', '192.0.2', conf.text);
  const stop = keepPinging(cli.ns, '10.66.0.1');
  try {
    await peers.waitForStatus('laptop', 'Online', 3_000);
    assert.match(await peers.cell('laptop', 'handshake').innerText(), /s ago|now/);
    const first = await counters(peers, 'laptop');
    await waitFor(
      async () => {
        const now = await counters(peers, 'laptop');
        return now.rx > first.rx && now.tx > first.tx;
      },
      5_000,
      'RX and TX to grow',
    );
    await browser.page.screenshot({ path: `${OUT}/light-peers-online.png` });

    await peers.disconnect('laptop');
    await peers.waitForStatus('laptop', 'Disconnected');
    // A cut peer keeps its last totals (issue 15): the row does not fall back to 0 B.
    const last = await counters(peers, 'laptop');
    assert.ok(
      last.rx >= first.rx && last.tx >= first.tx && last.rx > 0,
      'the row keeps its totals',
    );
    assert.equal(await peers.cell('laptop', 'handshake').innerText(), '—');
    await assert.rejects(
      rig.exec(cli.ns, 'ping', ['-c', '2', '-W', '1', '10.66.0.1']),
      'traffic stops',
    );
    assert.deepEqual(await counters(peers, 'laptop'), last, 'and stays where it was');
    await browser.page.screenshot({ path: `${OUT}/light-peers-disconnected.png` });

    await peers.reconnect('laptop');
    // The client decides when it retries (TESTING.md): up to ~15 s after the re-add.
    await peers.waitForStatus('laptop', 'Online', 40_000);
  } finally {
    stop();
  }
  assert.deepEqual(browser.errors, []);
});

test('a user with a device limit of 1: the older of two connected devices is cut, and the log says why', async () => {
  const users = await win.goToUsers();
  await users.addUser('dana', 1);
  const peers = await (await win.goToServers()).openServer(SERVER);
  const confs: string[] = [];
  for (const device of ['dana-phone', 'dana-laptop']) {
    await peers.addPeer(device, { tunnel: 'Hub-routed (the server network)', owner: 'dana' });
    const dialog = await peers.showConfig(device);
    confs.push((await dialog.downloadConf()).text);
    await dialog.close();
  }
  const [phoneConf, laptopConf] = confs;
  assert.ok(phoneConf !== undefined && laptopConf !== undefined);

  const phone = await clientUp(rig, srvNs, 'p', '198.51.100', phoneConf);
  const stopPhone = keepPinging(phone.ns, '10.66.0.1');
  try {
    await peers.waitForStatus('dana-phone', 'Online', 5_000);
    const laptop = await clientUp(rig, srvNs, 'l', '203.0.113', laptopConf);
    const stopLaptop = keepPinging(laptop.ns, '10.66.0.1');
    try {
      await peers.waitForStatus('dana-laptop', 'Online', 5_000);
      await peers.waitForStatus('dana-phone', 'Waiting for a device slot', 5_000);
      await browser.page.screenshot({ path: `${OUT}/light-peers-limit.png` });
    } finally {
      stopLaptop();
    }
  } finally {
    stopPhone();
  }
  const logs = await win.goToLogs();
  const entry = await logs.waitForConnectionEntry('dana-phone', 'Cut by the device limit');
  assert.match(await entry.innerText(), /dana/);
  assert.match(await entry.innerText(), /over the device limit of dana \(2 online, limit 1\)/);
  await browser.page.screenshot({ path: `${OUT}/light-logs-limit.png` });
  assert.deepEqual(browser.errors, []);
});
