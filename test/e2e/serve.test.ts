/**
 * The window as an admin uses it: the built renderer served by the real
 * `wgdesk serve`, with its real store, creating real wireguard-go servers in
 * a network namespace, and real clients (wg-quick) in other namespaces.
 * Needs root (namespaces) and `npm run build:renderer` (npm run test:e2e does it).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sh, useRig, waitFor } from '../integration/rig';
import { launch, type Browser } from './browser';
import { WgdeskWindow, type PeerTableScreen } from './pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const OUT = 'test-results/serve';
let srvNs = '';
let serve: ServeProcess;
let browser: Browser;
let win: WgdeskWindow;
const SERVER = rig.name('s0');

before(async () => {
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

/**
 * A client namespace joined to the server's by its own veth and TEST-NET
 * TEST-NET subnet (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), reaching the server's
 * endpoint 192.0.2.1 either directly or through the server namespace, and
 * brought up by wg-quick with a config from the page.
 */
async function clientUp(
  suffix: string,
  subnet: '192.0.2' | '198.51.100' | '203.0.113',
  conf: string,
): Promise<string> {
  const ns = await rig.namespace(suffix);
  await rig.link(srvNs, `${subnet}.1`, ns, `${subnet}.2`);
  if (subnet !== '192.0.2')
    await rig.exec(ns, 'ip', ['route', 'add', '192.0.2.0/24', 'via', `${subnet}.1`]);
  const path = join(rig.dir, `${rig.name(`${suffix}0`)}.conf`);
  writeFileSync(path, conf, { mode: 0o600 });
  await rig.exec(ns, 'wg-quick', ['up', path]);
  return ns;
}

/** Sends pings in the background until stopped; the tunnel's counters grow meanwhile. */
function keepPinging(ns: string, target: string): () => void {
  let on = true;
  void (async () => {
    while (on) await rig.exec(ns, 'ping', ['-c', '1', '-W', '1', target]).catch(() => undefined);
  })();
  return () => {
    on = false;
  };
}

const bytes = (text: string): number => {
  const m = /^([\d.,]+)\s*(B|KiB|MiB|GiB)$/.exec(text.trim());
  if (m === null) throw new Error(`not a byte count: ${text}`);
  const n = Number((m[1] ?? '0').replace(/,/g, ''));
  return n * { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] as 'B'];
};

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
  await browser.page.screenshot({ path: `${OUT}/light-peers-new.png` });

  const dialog = await peers.showConfig('laptop');
  const png = await dialog.qrPng();
  const conf = await dialog.downloadConf();
  const qrPath = join(rig.dir, 'qr.png');
  writeFileSync(qrPath, png);
  const decoded = await sh('zbarimg', ['--raw', '-q', qrPath]);
  assert.equal(
    decoded.replace(/\n$/, ''),
    conf.text.replace(/\n$/, ''),
    'the QR code decodes to the downloaded .conf',
  );
  assert.equal(conf.filename, 'laptop.conf');
  await browser.page.screenshot({ path: `${OUT}/light-config.png` });
  await dialog.close();

  const cli = await clientUp('c', '192.0.2', conf.text);
  const stop = keepPinging(cli, '10.66.0.1');
  try {
    await peers.waitForStatus('laptop', 'Online', 3_000);
    const rx1 = bytes(await peers.cell('laptop', 'rx').innerText());
    await waitFor(
      async () => bytes(await peers.cell('laptop', 'rx').innerText()) > rx1,
      5_000,
      'RX to grow',
    );
    assert.match(await peers.cell('laptop', 'handshake').innerText(), /s ago|now/);
    await browser.page.screenshot({ path: `${OUT}/light-peers-online.png` });

    await peers.disconnect('laptop');
    await peers.waitForStatus('laptop', 'Disconnected');
    assert.equal(await peers.cell('laptop', 'rx').innerText(), '0 B');
    assert.equal(await peers.cell('laptop', 'handshake').innerText(), '—');
    await assert.rejects(
      rig.exec(cli, 'ping', ['-c', '2', '-W', '1', '10.66.0.1']),
      'traffic stops',
    );
    await browser.page.screenshot({ path: `${OUT}/light-peers-disconnected.png` });

    await peers.reconnect('laptop');
    // The client decides when it retries (TESTING.md): up to ~15 s after the re-add.
    await peers.waitForStatus('laptop', 'Online', 40_000);
  } finally {
    stop();
  }

  const settings = await win.goToSettings();
  await settings.chooseTheme('Dark');
  await (await win.goToServers()).openServer(SERVER);
  await browser.page.screenshot({ path: `${OUT}/dark-peers.png` });
  await settings.chooseTheme('Light').catch(() => undefined);
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

  const phone = await clientUp('p', '198.51.100', phoneConf);
  const stopPhone = keepPinging(phone, '10.66.0.1');
  try {
    await peers.waitForStatus('dana-phone', 'Online', 5_000);
    const laptop = await clientUp('l', '203.0.113', laptopConf);
    const stopLaptop = keepPinging(laptop, '10.66.0.1');
    try {
      await peers.waitForStatus('dana-laptop', 'Online', 5_000);
      await peers.waitForStatus('dana-phone', 'Disconnected', 5_000);
    } finally {
      stopLaptop();
    }
  } finally {
    stopPhone();
  }
  const logs = await win.goToLogs();
  const entry = await logs.waitForConnectionEntry('dana-phone', 'Cut by the device limit');
  assert.match(await entry.innerText(), /dana/);
  await browser.page.screenshot({ path: `${OUT}/light-logs-limit.png` });
});
