/**
 * Live numbers a demanding admin can trust (issue 15, points 1, 6, 9, 11, 12):
 * each row's rate has a live sparkline and the server page charts its total;
 * when serve goes away the live values are greyed as last seen and every
 * action is off, until it is back; a disconnected peer keeps its totals; the
 * import dialog lists the running interfaces; a bulk create counts "n of N".
 * Its own serve (port 7481), servers (5188x) and client, so no other file's
 * peers, sizes or row order can move what it reads. Every test opens the page
 * afresh on a running serve, so none depends on how the one before it ended.
 * Needs root (namespaces) and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { useRig, waitFor } from '../integration/rig';
import { writeSecretFile } from '../integration/files';
import { openApi, type Api } from './api';
import { launch, type Browser } from './browser';
import { clientUp, keepPinging } from './net';
import { RowControls, WgdeskWindow, type PeerTableScreen } from './pages';
import { waitForStatus } from './seed';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const OUT = 'test-results/window-live';
const PORT = 7481;
const SERVER = rig.name('l0');
/** Brought up by wg-quick, not by wgdesk: the import dialog offers it. */
const THEIRS = rig.name('l1');
const PEER = 'kilo';
const BULK = 200;
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
  serve = await startServe(ns, join(rig.dir, 'data'), { port: PORT });
  api = await openApi(ns, serve.url);
  const server = await api.call('interfaces.create', {
    name: SERVER,
    listenPort: 51880,
    ipv4Address: '10.72.0.1/23',
    publicEndpoint: '192.0.2.1:51880',
  });
  const { peer } = await api.call('peers.create', {
    interfaceId: server.id,
    name: PEER,
    tunnelMode: 'hub',
  });
  const conf = (await api.call('peers.config', { id: peer.id })).text;
  const client = await clientUp(rig, ns, 'k', '192.0.2', conf);
  stops.push(keepPinging(client.ns, '10.72.0.1', 600));
  await bringUpTheirs();
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

/** A server wgdesk does not manage yet, with two peers, running in serve's namespace. */
async function bringUpTheirs(): Promise<void> {
  const key = (await rig.exec(ns, 'wg', ['genkey'])).trim();
  const peers = await Promise.all(
    [1, 2].map(async () => {
      const k = (await rig.exec(ns, 'wg', ['genkey'])).trim();
      return (await rig.exec(ns, 'wg', ['pubkey'], k)).trim();
    }),
  );
  const path = join(rig.dir, `${THEIRS}.conf`);
  const lines = [
    '[Interface]',
    `PrivateKey = ${key}`,
    'ListenPort = 51881',
    'Address = 10.73.0.1/24',
  ];
  peers.forEach((p, i) =>
    lines.push('', '[Peer]', `PublicKey = ${p}`, `AllowedIPs = 10.73.0.${i + 2}/32`),
  );
  await writeSecretFile(path, `${lines.join('\n')}\n`);
  await rig.exec(ns, 'wg-quick', ['up', path]);
}

/** serve running (a test before may have stopped it), and the page opened on it from scratch. */
async function freshPage(): Promise<void> {
  serve ??= await startServe(ns, join(rig.dir, 'data'), { port: PORT });
  await win.open(serve.url);
}

/** A fresh page on PEER's server, the peer online and its sparkline drawn (from the first push). */
async function liveSparkline(): Promise<{
  page: typeof browser.page;
  peers: PeerTableScreen;
  line: ReturnType<ReturnType<PeerTableScreen['cell']>['locator']>;
}> {
  await freshPage();
  const peers = await peersOf(SERVER);
  await peers.waitForStatus(PEER, 'Online', 30_000);
  const line = peers.cell(PEER, 'rate').locator('svg.spark polyline');
  await line.waitFor({ timeout: 10_000 });
  return { page: browser.page, peers, line };
}

/**
 * The peer table of the server, with its row of PEER rendered. The table is
 * virtual: it renders rows only once it has measured a scroll box taller than
 * zero, so the row is waited for as the page's own state, never for a time.
 */
async function peersOf(server: string): Promise<PeerTableScreen> {
  const servers = await win.goToServers();
  await servers.waitForServer(server);
  const peers = await servers.openServer(server);
  await peers.row(PEER).waitFor({ timeout: 10_000 });
  return peers;
}

/** The element's opacity as the page paints it (the test project has no DOM types: cast inline). */
function opacity(el: Locator): Promise<number> {
  return el
    .evaluate(
      (e) =>
        (
          globalThis as unknown as { getComputedStyle(x: typeof e): { opacity: string } }
        ).getComputedStyle(e).opacity,
      undefined,
      { timeout: 5_000 },
    )
    .then(Number);
}

/**
 * How the page lays out the peer table: its height and whether it has a box
 * at all (checkVisibility). Read by its label, not its role: a table without
 * a box is hidden from the accessibility tree, so getByRole would only time
 * out on it. `relayout` first changes the scroll box's width by a pixel, which
 * makes Chromium lay the container and its contents out again.
 */
async function tableLayout(
  page: Browser['page'],
  server: string,
  relayout = false,
): Promise<{ height: number; visible: boolean }> {
  return page.locator(`table[aria-label="Peers of ${server}"]`).evaluate(
    (t, again) => {
      const box = t.parentElement;
      if (again && box !== null) {
        box.style.width = 'calc(100% - 1px)';
        void box.offsetHeight;
        box.style.width = '';
      }
      return { height: t.getBoundingClientRect().height, visible: t.checkVisibility() };
    },
    relayout,
    { timeout: 5_000 },
  );
}

/** The texts recorded by watchTexts, in the order they were first shown. */
const SEEN = '__wgdeskSeen';

/**
 * Records, from now on, every text of a status line inside `scope` each time
 * the page changes it (a MutationObserver runs after every change, whether or
 * not a frame was painted): a count shown for an instant is still recorded.
 */
async function watchTexts(scope: Locator): Promise<void> {
  // One anonymous function, no named inner ones: tsx would wrap those in a
  // helper (__name) that does not exist in the page.
  await scope.evaluate((el, key) => {
    const seen: string[] = [];
    const g = globalThis as unknown as Record<string, unknown> & {
      MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void };
    };
    g[key] = seen;
    new g.MutationObserver(() => {
      for (const s of el.querySelectorAll('[role="status"]')) {
        const text = s.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    }).observe(el, { subtree: true, childList: true, characterData: true });
  }, SEEN);
}

async function textsSeen(page: Browser['page']): Promise<string[]> {
  return page.evaluate((key) => {
    const v = (globalThis as unknown as Record<string, unknown>)[key];
    return Array.isArray(v) ? v.map(String) : [];
  }, SEEN);
}

test('each peer’s rate has a live sparkline and the server page charts its total', () =>
  browser.capturingFailure(`${OUT}/failed-sparkline.png`, async () => {
    const { page, line } = await liveSparkline();
    const first = await line.getAttribute('points');
    // Live: the next pushes move it (its right edge is "now").
    await waitFor(
      async () => (await line.getAttribute('points', { timeout: 5_000 })) !== first,
      10_000,
      'the sparkline to move',
    );
    await page.getByText(`Traffic of ${SERVER}`, { exact: true }).click();
    const chart = page.getByRole('img', { name: new RegExp(`^Transfer of ${SERVER} over`) });
    await chart.locator('canvas').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${OUT}/server-chart.png` });
  }));

test('when serve goes away, live values are greyed as last seen and actions are off, until it is back', () =>
  browser.capturingFailure(`${OUT}/failed-stale.png`, async () => {
    await freshPage();
    const page = browser.page;
    const peers = await peersOf(SERVER);
    const row = new RowControls(peers, PEER);
    await peers.waitForStatus(PEER, 'Online', 30_000);
    const rate = peers.cell(PEER, 'rate');
    // A fresh page has a status from the peer list before any stats push; the
    // banner can say "last seen at" only once a push came, and the sparkline
    // is drawn from the first one: wait for it, not for a time.
    await rate.locator('svg.spark polyline').waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await opacity(rate), 1, 'live: not greyed');
    await row.disconnectButton().waitFor({ timeout: 10_000 });

    api?.close();
    api = undefined;
    await serve?.stop();
    serve = undefined;
    const banner = page.getByRole('status').filter({ hasText: /as last seen at/ });
    await banner.waitFor({ timeout: 15_000 });
    // The table keeps its rows while stale (issue 15 point 1: greyed, not
    // gone). With a size container (container-type) around it, Chromium left
    // the table without any box after this change now and then (more often
    // on a loaded machine: the suite), and with no push nothing laid it out
    // again: the rate cell "not found in 30 s". sizes.css uses media queries.
    const laid = await tableLayout(page, SERVER);
    if (!laid.visible) {
      const again = await tableLayout(page, SERVER, true);
      assert.fail(
        `the stale peer table has no box (height ${laid.height}); after a forced relayout: ` +
          `${JSON.stringify(again)}`,
      );
    }
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

    serve = await startServe(ns, join(rig.dir, 'data'), { port: PORT });
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await waitFor(
      () => row.disconnectButton().isEnabled({ timeout: 5_000 }),
      30_000,
      'actions back on',
    );
    await waitFor(async () => (await opacity(rate)) === 1, 5_000, 'live again');
    assert.deepEqual(
      browser.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e)),
      [],
    );
  }));

test('a disconnected peer keeps its last totals, and its sparkline stays', () =>
  browser.capturingFailure(`${OUT}/failed-totals.png`, async () => {
    const { page, peers, line } = await liveSparkline();
    await peers.disconnect(PEER);
    await peers.waitForStatus(PEER, 'Disconnected');
    const rx = await peers.cell(PEER, 'rx').innerText();
    const tx = await peers.cell(PEER, 'tx').innerText();
    assert.match(rx, /^[\d.,]+\s(B|KiB|MiB)$/);
    assert.notEqual(rx, '0 B', 'received: its last total, not 0 B');
    assert.notEqual(tx, '0 B', 'sent: its last total, not 0 B');
    assert.equal(await line.count(), 1, 'its trail stays, ending at 0');
    await page.screenshot({ path: `${OUT}/disconnected-totals.png` });
  }));

test('“running interface” offers the running WireGuard interfaces, the managed one shown but not offered', () =>
  browser.capturingFailure(`${OUT}/failed-import.png`, async () => {
    await freshPage();
    const page = browser.page;
    await page.getByRole('main').getByRole('button', { name: 'Import a server' }).click();
    const d = page.getByRole('dialog', { name: 'Import a server' });
    await d.getByRole('radio', { name: 'An interface that is already running' }).check();
    const list = d.getByRole('group', { name: 'WireGuard interfaces running on this machine' });
    const theirs = list.getByRole('radio', { name: THEIRS });
    await theirs.waitFor({ timeout: 10_000 });
    assert.equal(
      await d.getByRole('textbox', { name: 'Interface name' }).count(),
      0,
      'no text box',
    );
    // The only one that can be adopted is chosen already.
    assert.equal(await theirs.isChecked(), true);
    assert.match(await list.innerText(), new RegExp(`${THEIRS}\\s+port 51881 · peers: 2`));
    assert.equal(await list.getByRole('radio', { name: SERVER }).isDisabled(), true);
    await page.screenshot({ path: `${OUT}/import-running.png` });
    // serve's own host cannot read a running interface's keys (it says so and
    // points to the file); the list is what this checks, so the dialog is left.
    await d.getByRole('button', { name: 'Cancel', exact: true }).click();
    await d.waitFor({ state: 'detached', timeout: 5_000 });
  }));

test('a bulk create of 200 peers counts “n of 200” while main makes them', () =>
  browser.capturingFailure(`${OUT}/failed-bulk.png`, async () => {
    await freshPage();
    const page = browser.page;
    const peers = await peersOf(SERVER);
    await page.getByRole('button', { name: `Add many peers to ${SERVER}`, exact: true }).click();
    const d = page.getByRole('dialog', { name: `Add many peers to ${SERVER}` });
    await d.getByLabel('How many').fill(String(BULK));
    // Every text the dialog's status lines show is recorded as the page
    // changes it (a MutationObserver), so a count shown for one frame counts.
    await watchTexts(d);
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await d.waitFor({ state: 'detached', timeout: 60_000 });
    const seen = await textsSeen(page);
    const counts = seen.filter((s) => new RegExp(`\\d+ of ${BULK} peers ready`).test(s));
    assert.ok(counts.length > 0, `an “n of ${BULK}” was shown: ${JSON.stringify(seen)}`);
    await peers.search('device-200');
    await peers.row('device-200').waitFor({ timeout: 10_000 });
  }));
