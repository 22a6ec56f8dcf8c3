/**
 * Live numbers a demanding admin can trust (issue 15): when serve goes away
 * the live values are greyed as last seen and every action is off, until it
 * is back. Its own serve, server and client (wg-quick in a namespace, real
 * traffic), so no other test's peers or row order can move what it reads.
 * Needs root (namespaces) and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { useRig, waitFor } from '../integration/rig';
import { openApi, type Api } from './api';
import { launch, type Browser } from './browser';
import { clientUp, keepPinging } from './net';
import { RowControls, WgdeskWindow, type PeerTableScreen } from './pages';
import { waitForStatus } from './seed';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const OUT = 'test-results/window-live';
const SERVER = rig.name('l0');
const PEER = 'kilo';
let ns = '';
let serve: ServeProcess | undefined;
let api: Api | undefined;
let browser: Browser;
let win: WgdeskWindow;
const stops: (() => void)[] = [];

before(async () => {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  ns = await rig.namespace('s');
  serve = await startServe(ns, join(rig.dir, 'data'));
  api = await openApi(ns, serve.url);
  const server = await api.call('interfaces.create', {
    name: SERVER,
    listenPort: 51830,
    ipv4Address: '10.72.0.1/24',
    publicEndpoint: '192.0.2.1:51830',
  });
  const { peer } = await api.call('peers.create', {
    interfaceId: server.id,
    name: PEER,
    tunnelMode: 'hub',
  });
  const conf = (await api.call('peers.config', { id: peer.id })).text;
  const client = await clientUp(rig, ns, 'k', '192.0.2', conf);
  stops.push(keepPinging(client.ns, '10.72.0.1', 600));
  await waitForStatus(api, server.id, peer.id, 'online');
  browser = await launch({ executablePath: chromiumInNamespace(rig.dir, ns) });
  win = new WgdeskWindow(browser.page);
});

after(async () => {
  for (const stop of stops) stop();
  await browser?.close();
  api?.close();
  await serve?.stop();
});

async function peersOf(server: string): Promise<PeerTableScreen> {
  const servers = await win.goToServers();
  await servers.waitForServer(server);
  return servers.openServer(server);
}

/** The element's opacity as the page paints it (the test project has no DOM types: cast inline). */
function opacity(el: Locator): Promise<number> {
  return el
    .evaluate(
      (e) =>
        (
          globalThis as unknown as { getComputedStyle(x: typeof e): { opacity: string } }
        ).getComputedStyle(e).opacity,
    )
    .then(Number);
}

test('when serve goes away, live values are greyed as last seen and actions are off, until it is back', async () => {
  assert.ok(serve !== undefined);
  const page = browser.page;
  await win.open(serve.url);
  const peers = await peersOf(SERVER);
  const row = new RowControls(peers, PEER);
  await peers.waitForStatus(PEER, 'Online');
  const rate = peers.cell(PEER, 'rate');
  await rate.waitFor();
  assert.equal(await opacity(rate), 1, 'live: not greyed');
  await row.disconnectButton().waitFor();

  api?.close();
  api = undefined;
  await serve.stop();
  serve = undefined;
  const banner = page.getByRole('status').filter({ hasText: /as last seen at/ });
  await banner.waitFor({ timeout: 15_000 });
  await waitFor(async () => (await opacity(rate)) < 1, 5_000, 'the rate to be greyed');
  assert.equal(await row.disconnectButton().isDisabled(), true, 'Disconnect is off');
  assert.equal(await row.enabledSwitch().isDisabled(), true, 'the switch is off');
  assert.equal(
    await page.getByRole('button', { name: `Add peer to ${SERVER}`, exact: true }).isDisabled(),
    true,
  );
  // The handshake age stops ticking: read it, then wait on the page's own
  // 1 s clock (two frames of it) rather than a sleep, and read it again.
  const age = await peers.cell(PEER, 'handshake').innerText();
  await page.evaluate('new Promise((r) => setTimeout(r, 2500))');
  assert.equal(await peers.cell(PEER, 'handshake').innerText(), age, 'the age stops');
  await page.screenshot({ path: `${OUT}/stale.png` });

  serve = await startServe(ns, join(rig.dir, 'data'));
  await waitFor(() => row.disconnectButton().isEnabled(), 30_000, 'actions back on');
  await waitFor(async () => (await opacity(rate)) === 1, 5_000, 'live again');
  await banner.waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(
    browser.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e)),
    [],
  );
});

test('each peer’s rate has a live sparkline, the server page charts its total, and a disconnected peer keeps its totals', async () => {
  assert.ok(serve !== undefined);
  const page = browser.page;
  const peers = await peersOf(SERVER);
  await peers.waitForStatus(PEER, 'Online', 30_000);
  const line = peers.cell(PEER, 'rate').locator('svg.spark polyline');
  await line.waitFor({ timeout: 10_000 });
  const first = await line.getAttribute('points');
  // Live: the next pushes move it (its right edge is "now").
  await waitFor(
    async () => (await line.getAttribute('points')) !== first,
    10_000,
    'the sparkline to move',
  );

  await page.getByText(`Traffic of ${SERVER}`, { exact: true }).click();
  const chart = page.getByRole('img', { name: new RegExp(`^Transfer of ${SERVER} over`) });
  await chart.locator('canvas').first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${OUT}/server-chart.png` });

  await new RowControls(peers, PEER).disconnectButton().click();
  await peers.waitForStatus(PEER, 'Disconnected');
  const rx = await peers.cell(PEER, 'rx').innerText();
  const tx = await peers.cell(PEER, 'tx').innerText();
  assert.match(rx, /^[\d.,]+\s(B|KiB|MiB)$/);
  assert.notEqual(rx, '0 B', 'received: its last total, not 0 B');
  assert.notEqual(tx, '0 B', 'sent: its last total, not 0 B');
  assert.equal(await line.count(), 1, 'its trail stays, ending at 0');
  await page.screenshot({ path: `${OUT}/disconnected-totals.png` });
});
