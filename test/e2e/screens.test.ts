import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { launch, type Browser } from './browser';
import { installFakeMain, type FakeMain } from './fake-main';
import { WgdeskWindow } from './pages';
import { serveRenderer } from './static-server';

// Screenshots of every main screen in light and dark, for people to look at
// (test-results/screens/). The page talks to the fake main (fake-main/): these
// are design checks, and the CSP check (no console errors); behaviour is
// tested against the real `wgdesk serve` in serve.test.ts.

const OUT = 'test-results/screens';

for (const scheme of ['light', 'dark'] as const) {
  describe(`screens (${scheme})`, () => {
    let site: Awaited<ReturnType<typeof serveRenderer>>;
    let browser: Browser;
    let fake: FakeMain;
    let win: WgdeskWindow;
    const shot = (name: string) =>
      browser.page.screenshot({ path: `${OUT}/${scheme}-${name}.png` });

    before(async () => {
      await mkdir(OUT, { recursive: true });
      site = await serveRenderer();
      browser = await launch({ colorScheme: scheme });
      fake = await installFakeMain(browser.context);
      win = new WgdeskWindow(browser.page);
    });
    after(async () => {
      fake.stop();
      await browser.close();
      await site.close();
    });

    test('every screen renders without console errors', async () => {
      const servers = await win.open(`${site.url}#token=fake`);
      await browser.page.getByRole('cell', { name: 'vpn.example.com:51820' }).waitFor();
      await shot('servers');

      const peers = await servers.openServer('wg0');
      await peers.waitForStatus('alice-laptop', 'Online');
      await shot('peers');

      await peers.select(['alice-laptop', 'bruno-laptop']);
      await shot('peers-selected');
      await browser.page.getByRole('button', { name: 'Clear selection' }).click();

      await peers.search('carla');
      await shot('peers-search');
      await peers.search('');

      const config = await peers.showConfig('alice-laptop');
      await config.qrPng();
      await shot('config');
      await config.close();

      await browser.page.getByRole('button', { name: 'Add peer' }).click();
      await browser.page.getByRole('button', { name: 'Create' }).click();
      await browser.page
        .getByText('name: must', { exact: false })
        .or(browser.page.getByRole('alert'))
        .first()
        .waitFor();
      await shot('peer-form-error');
      await browser.page.getByRole('button', { name: 'Cancel' }).click();

      await peers.openPeer('alice-laptop');
      await browser.page.locator('.chart canvas').first().waitFor();
      await shot('peer-detail');

      await (await win.goToServers()).openServer('wg-office');
      await browser.page.getByRole('button', { name: 'Adopt what the kernel has' }).waitFor();
      await shot('drift');

      await win.goToUsers();
      await shot('users');
      await win.goToLogs();
      await browser.page
        .getByRole('cell', { name: /Cut by the device limit/ })
        .first()
        .waitFor();
      await shot('logs');
      await browser.page.getByRole('tab', { name: 'Audit' }).click();
      await shot('logs-audit');

      const settings = await win.goToSettings();
      await settings.chooseLanguage('Français');
      await browser.page.getByRole('heading', { name: 'Réglages' }).waitFor();
      await shot('settings-fr');
      await settings.chooseLanguage('English');

      fake.failWith('WireGuardUnavailable', 'wg is not installed: install wireguard-tools');
      await (await win.goToServers()).openServer('wg0');
      await browser.page.getByRole('button', { name: 'Bring wg0 down' }).click();
      await browser.page
        .getByRole('heading', { name: 'WireGuard is not available on this host' })
        .waitFor();
      await shot('error-wireguard');

      assert.deepEqual(browser.errors, []);
    });
  });
}
