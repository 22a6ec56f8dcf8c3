/**
 * Screenshots of every main screen, light and dark, for people to look at
 * (test-results/screens/). Everything on them is real: `wgdesk serve` with its
 * store, servers and peers made through its contract (seed.ts), wireguard-go
 * interfaces in a namespace, clients that connected with wg-quick, a kernel
 * changed behind wgdesk's back, an unprivileged serve for the error screen, a
 * serve that cannot find wg (covered in its own mount namespace) for the
 * missing-WireGuard screens, and a serve stopped and restarted under the page
 * for the lost-link banners.
 * Also checks that no screen logs a console error (a CSP violation would).
 */
import assert from 'node:assert/strict';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { useRig } from '../integration/rig';
import { unnamedControls } from './a11y';
import { openApi, type Api } from './api';
import { launch, type Browser } from './browser';
import { WgdeskWindow } from './pages';
import { seedInstallation, type Seeded } from './seed';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const OUT = 'test-results/screens';
let ns = '';
let serve: ServeProcess | undefined;
let api: Api | undefined;
let seeded: Seeded | undefined;
let browser: Browser;
let win: WgdeskWindow;

before(async () => {
  // Only this run's pictures: a screen that is no longer taken must not linger.
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  ns = await rig.namespace('s');
  serve = await startServe(ns, join(rig.dir, 'data'));
  api = await openApi(ns, serve.url);
  [seeded, browser] = await Promise.all([
    seedInstallation(rig, ns, api),
    launch({ executablePath: chromiumInNamespace(rig.dir, ns) }),
  ]);
  win = new WgdeskWindow(browser.page);
});

after(async () => {
  seeded?.stop();
  await browser?.close();
  api?.close();
  await serve?.stop();
});

/** Controls without an accessible name, by screen; every screen is checked as it is shot. */
const unnamed: Record<string, string[]> = {};

/**
 * The page as it is now, once in light and once in dark (the system's scheme;
 * the theme follows it); and its controls checked for names.
 */
async function shot(name: string): Promise<void> {
  const page = browser.page;
  const missing = await unnamedControls(page);
  if (missing.length > 0) unnamed[name] = missing;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Two frames: the scheme's styles applied, and the chart rebuilt in its colours.
    await page.evaluate(
      'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))',
    );
    await page.screenshot({ path: `${OUT}/${scheme}-${name}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

function installation(): Seeded {
  assert.ok(seeded !== undefined, 'the installation was seeded');
  return seeded;
}

test('every main screen, light and dark, from a real installation', () =>
  browser.capturingFailure(`${OUT}/failed-screens.png`, everyScreen));

async function everyScreen(): Promise<void> {
  const { hq, lab } = installation();
  const page = browser.page;
  assert.ok(serve !== undefined);
  const servers = await win.open(serve.url);
  await servers.waitForServer(hq);
  await shot('servers');

  const peers = await servers.openServer(hq);
  await peers.waitForStatus('alice-laptop', 'Online');
  await peers.waitForStatus('bruno-laptop', 'Offline');
  await peers.waitForStatus('carla-tablet', 'Disconnected');
  await peers.waitForStatus('alice-phone', 'Never connected');
  await shot('peers');

  await peers.select(['alice-phone', 'dmitri-desktop']);
  await shot('peers-selected');
  await peers.clearSelection();

  const config = await peers.showConfig('alice-laptop');
  await config.qrPng();
  await shot('config');
  await config.close();

  const form = await peers.openNewPeerForm();
  await form.submit();
  await form.waitForFieldError('Name');
  await shot('peer-form');
  await form.cancel();

  const detail = await peers.openPeer('alice-laptop');
  await detail.chooseRange('1 h');
  await detail.waitForChart();
  await shot('peer-detail');

  await (await win.goToServers()).openServer(lab);
  await page
    .getByRole('heading', { name: `The kernel does not match what wgdesk has for ${lab}` })
    .waitFor();
  await shot('drift');

  await win.goToUsers();
  await page.getByRole('rowheader', { name: /^alice/ }).waitFor();
  await shot('users');

  const logs = await win.goToLogs();
  await logs.waitForConnectionEntry('carla-tablet', 'Disconnected by an admin');
  await shot('logs');
  await logs.showAudit();
  await shot('logs-audit');

  const settings = await win.goToSettings();
  await shot('settings');
  await settings.chooseLanguage('Français');
  await page.getByRole('heading', { name: 'Réglages', level: 1 }).waitFor();
  await page
    .getByRole('navigation')
    .getByRole('button', { name: `Ouvrir ${hq}` })
    .click();
  await page.getByRole('heading', { name: hq, level: 1 }).waitFor();
  await shot('peers-fr');
  await page.getByRole('navigation').getByRole('button', { name: 'Réglages', exact: true }).click();
  await settings.chooseLanguage('English');

  assert.deepEqual(browser.errors, [], 'no console errors on any screen');
  assert.deepEqual(unnamed, {}, 'every control on every screen has an accessible name');
}

test('the error screen: a serve started without root cannot create a server, and says why', async () => {
  // Its own data directory, owned by nobody (the rig's directory is root's alone).
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-nobody-'));
  chownSync(dir, 65534, 65534);
  const unprivileged = await startServe(ns, join(dir, 'data'), { port: 7421, asNobody: true });
  try {
    await browser.capturingFailure(`${OUT}/failed-error-screen.png`, async () => {
      const servers = await win.open(unprivileged.url);
      await servers.submitNewServer({
        name: rig.name('-x'),
        port: '51830',
        ipv4: '10.72.0.1/24',
        endpoint: '192.0.2.1:51830',
      });
      await browser.page
        .getByRole('heading', { name: 'wgdesk cannot change the network' })
        .waitFor();
      await shot('error-helper');
    });
  } finally {
    await unprivileged.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no WireGuard on the host: the server list says to install it, and creating a server says what is missing', async () => {
  // wg and wg-quick (what wireguard-tools installs) covered by an empty file, in serve's mount namespace only.
  const noWg = await startServe(ns, join(rig.dir, 'data-no-wg'), {
    port: 7422,
    hide: ['/usr/bin/wg', '/usr/bin/wg-quick'],
    emptyFile: join(rig.dir, 'not-a-program'),
  });
  try {
    await browser.capturingFailure(`${OUT}/failed-wg-missing.png`, async () => {
      const servers = await win.open(noWg.url);
      await browser.page
        .getByText(
          'wg is not installed on this host: servers cannot be changed. Install wireguard-tools',
        )
        .waitFor();
      await shot('servers-wg-missing');
      const name = rig.name('-w');
      await servers.submitNewServer({
        name,
        port: '51831',
        ipv4: '10.73.0.1/24',
        endpoint: '192.0.2.1:51831',
      });
      const screen = browser.page.getByRole('main');
      await screen
        .getByRole('heading', { name: 'WireGuard is not available on this host', level: 1 })
        .waitFor();
      await screen.getByText(/sudo apt install wireguard-tools wireguard-go/).waitFor();
      await shot('error-wireguard');
      const links = await rig.exec(ns, 'ip', ['-o', 'link', 'show']);
      assert.ok(!links.includes(`${name}:`), `no interface ${name} was left half made:\n${links}`);
    });
  } finally {
    await noWg.stop();
  }
});

test('the host goes away: the page says the link is lost and what to check; a restarted serve takes it back, a new token refuses it', async () => {
  assert.ok(serve !== undefined);
  const first = serve;
  const page = browser.page;
  const banner = page.getByRole('status').filter({ hasText: /^Connection to wgdesk lost\./ });
  await browser.capturingFailure(`${OUT}/failed-link.png`, async () => {
    await win.open(first.url);
    await first.stop();
    await banner.waitFor();
    assert.match(
      await banner.innerText(),
      /check that “wgdesk serve” still runs on the host and that this computer can reach it\.$/,
    );
    await shot('link-lost');

    // The same port and store, a new launch: the token is kept, so the page gets back in by itself.
    serve = await startServe(ns, join(rig.dir, 'data'));
    await banner.waitFor({ state: 'hidden', timeout: 30_000 });
    await installationListed();

    // --new-token revokes the page's token: it gets through the network, and is refused.
    await serve.stop();
    serve = await startServe(ns, join(rig.dir, 'data'), { newToken: true });
    // One screen for a refused token: what happened and the one fix, nothing to click.
    const refused = page.getByRole('main', {
      name: 'This page needs the address wgdesk serve printed',
    });
    await refused.waitFor({ timeout: 30_000 });
    assert.match(await refused.innerText(), /the token was replaced \(wgdesk serve --new-token\)/);
    assert.equal(await refused.getByRole('button').count(), 0, 'nothing to click');
    assert.deepEqual(
      await page.getByRole('alert').getByRole('listitem').allInnerTexts(),
      [],
      'the banner says it once: no error per load the refusal cut short',
    );
    await shot('link-refused');

    await win.open(serve.url);
    await installationListed();
    assert.equal(await banner.count(), 0, 'no link banner once the new address is open');
  });
});

async function installationListed(): Promise<void> {
  await (await win.goToServers()).waitForServer(installation().hq);
}
