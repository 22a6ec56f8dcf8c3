/**
 * What main keeps for the whole machine, through the window: the switch for
 * interface scripts (root's, shown read-only), and importing the wg-quick
 * files of /etc/wireguard, whose hooks the server's settings then show. A
 * real `wgdesk serve` (root, in a namespace) whose /etc/wireguard is a
 * directory of this run, bind-mounted in serve's own mount namespace: the
 * machine's /etc/wireguard is never written. What the window shows is checked
 * against what the contract says, through the same WebSocket as the page.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sh, useRig } from '../integration/rig';
import { unnamedControls } from './a11y';
import { ImportDialogScreen, ScriptsSettingScreen, ServerSettingsScreen } from './admin-pages';
import { openApi, type Api } from './api';
import { launch, type Browser } from './browser';
import { WgdeskWindow } from './pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const OUT = 'test-results/system';
/** Without /etc/wireguard there is no mount point: serve then sees no directory, which lists empty. */
const BIND = existsSync('/etc/wireguard');
const confDir = join(rig.dir, 'etc-wireguard');
let ns = '';
let serve: ServeProcess;
let api: Api;
let browser: Browser;
let win: WgdeskWindow;

before(async () => {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  await mkdir(confDir, { mode: 0o700 });
  ns = await rig.namespace('s');
  serve = await startServe(ns, join(rig.dir, 'data'), BIND ? { confDir } : {});
  [api, browser] = await Promise.all([
    openApi(ns, serve.url),
    launch({ executablePath: chromiumInNamespace(rig.dir, ns) }),
  ]);
  win = new WgdeskWindow(browser.page);
  await win.open(serve.url);
});

after(async () => {
  await browser?.close();
  api?.close();
  await serve?.stop();
});

/** Controls without an accessible name, by screen. */
const unnamed: Record<string, string[]> = {};

/** The page as it is now, light and dark (the theme follows the system), its controls checked for names. */
async function shot(name: string): Promise<void> {
  const page = browser.page;
  const missing = await unnamedControls(page);
  if (missing.length > 0) unnamed[name] = missing;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(
      'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))',
    );
    await page.screenshot({ path: `${OUT}/${scheme}-${name}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the scripts switch is root’s: the page shows it off, read-only, with the command that turns it on', () =>
  browser.capturingFailure(`${OUT}/failed-scripts.png`, async () => {
    // serve reads root's /etc/wgdesk/wgdesk.conf: there is none on this machine, so off.
    assert.deepEqual(await api.call('settings.get', {}), {
      scriptsEnabled: false,
      scriptsCommand: 'sudo wgdesk service scripts on',
    });
    await win.goToSettings();
    const scripts = new ScriptsSettingScreen(browser.page);
    assert.equal(
      await scripts.state(),
      'Interface scripts: off — to turn them on, run sudo wgdesk service scripts on on this machine.',
    );
    await scripts.group.locator('code', { hasText: 'sudo wgdesk service scripts on' }).waitFor();
    assert.equal(await scripts.controls().count(), 0, 'nothing to switch in the page');
    await browser.page.getByText(/run as root/).waitFor();
    await shot('settings-scripts-off');
    assert.deepEqual(browser.errors, []);
  }));

async function keyPair(): Promise<{ priv: string; pub: string }> {
  const priv = (await sh('wg', ['genkey'])).trim();
  return { priv, pub: (await sh('wg', ['pubkey'], `${priv}\n`)).trim() };
}

test('import from /etc/wireguard: main’s list, an empty one first; what cannot be imported says why; warnings shown', () =>
  browser.capturingFailure(`${OUT}/failed-import.png`, async () => {
    await win.goToServers();
    let d = await ImportDialogScreen.open(browser.page);
    let files = await d.chooseSystemSource();
    assert.deepEqual(await api.call('interfaces.listSystemConfs', {}), []);
    await files.getByRole('status').getByText('No .conf files in /etc/wireguard').waitFor();
    assert.equal(await files.getByRole('radio').count(), 0);
    await shot('import-system-empty');
    await d.close('Cancel');
    if (!BIND) return;

    const [server, peerA, peerB, running] = await Promise.all([
      keyPair(),
      keyPair(),
      keyPair(),
      keyPair(),
    ]);
    const hq = rig.name('hq');
    const broken = rig.name('bad');
    const live = rig.name('run');
    await writeFile(
      join(confDir, `${hq}.conf`),
      [
        '[Interface]',
        `PrivateKey = ${server.priv}`,
        'Address = 10.77.0.1/24',
        'ListenPort = 51877',
        'DNS = 10.77.0.1',
        'PostUp = echo up',
        '',
        '[Peer]',
        `PublicKey = ${peerA.pub}`,
        'AllowedIPs = 10.77.0.2/32',
        '',
        '[Peer]',
        `PublicKey = ${peerB.pub}`,
        'AllowedIPs = 10.77.0.3/32',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    await writeFile(join(confDir, `${broken}.conf`), '[Interface]\nListenPort = 51878\n');
    // A file whose interface already runs (unmanaged, as wg-quick would have left it).
    const keyFile = join(rig.dir, 'running.key');
    await writeFile(keyFile, `${running.priv}\n`, { mode: 0o600 });
    await sh('ip', [
      'netns',
      'exec',
      ns,
      'env',
      'WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1',
      'wireguard-go',
      live,
    ]);
    await rig.exec(ns, 'wg', ['set', live, 'private-key', keyFile]);
    await writeFile(join(confDir, `${live}.conf`), `[Interface]\nPrivateKey = ${running.priv}\n`);

    const listed = await api.call('interfaces.listSystemConfs', {});
    assert.deepEqual(
      listed.map((c) => [c.name, c.managed, c.running, c.peers, c.problem === null]),
      [
        [broken, false, false, 0, false],
        [hq, false, false, 2, true],
        [live, false, true, 0, true],
      ],
    );

    d = await ImportDialogScreen.open(browser.page);
    files = await d.chooseSystemSource();
    assert.equal(await files.getByRole('radio').count(), listed.length, 'one choice per file');
    await d.file(broken).and(browser.page.locator(':disabled')).waitFor();
    assert.match(
      await files.getByText(`${broken}.conf`).locator('..').innerText(),
      /cannot be imported: .+/,
    );
    await files.getByText('running: adopted without restart').waitFor();
    await d.file(hq).check();
    await shot('import-system-list');

    await d.importChosen('192.0.2.1:51877');
    const warnings = await d.warnings();
    assert.ok(
      warnings.some((w) => /^Line \d+: DNS/.test(w)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((w) => /^Line \d+: PreUp\/PostUp/.test(w)),
      warnings.join('\n'),
    );
    await shot('import-system-warnings');
    await d.close('Close');
    await browser.page
      .getByRole('main')
      .getByRole('button', { name: `Open ${hq}` })
      .waitFor();
    const imported = (await api.call('interfaces.list', {})).find((i) => i.name === hq);
    assert.equal(imported?.publicEndpoint, '192.0.2.1:51877');
    assert.deepEqual(imported?.hooks, {
      preUp: [],
      postUp: ['echo up'],
      preDown: [],
      postDown: [],
    });

    // The server's settings show the hook it came with, read-only.
    const settings = await ServerSettingsScreen.open(browser.page, hq);
    assert.deepEqual(await settings.hooks(), ['PostUp: echo up']);
    await settings.dialog.getByText(/only while interface scripts are on/).waitFor();
    await shot('server-settings-hooks');
    await settings.close();

    // Imported, the file is managed: listed, but no longer a choice.
    d = await ImportDialogScreen.open(browser.page);
    await d.chooseSystemSource();
    await d.file(hq).and(browser.page.locator(':disabled')).waitFor();
    assert.match(await d.file(hq).locator('..').innerText(), /already managed/);
    assert.equal(await d.file(live).isChecked(), true, 'the one file left to import is chosen');
    await d.close('Cancel');

    assert.deepEqual(browser.errors, []);
    assert.deepEqual(unnamed, {}, 'every control on these screens has an accessible name');
  }));
