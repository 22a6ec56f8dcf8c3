/**
 * Issue 13 in the window: a server's settings edited through a preview, its
 * history compared and rolled back, and a backup made from the Settings page,
 * against the real `wgdesk serve` (real store, real wireguard-go in a network
 * namespace) and Chromium. Needs root and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { useRig } from '../integration/rig';
import { launch, type Browser } from './browser';
import { WgdeskWindow } from './pages';
import { BackupsScreen, ServerSettingsScreen } from './server-settings-pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
let serve: ServeProcess;
let browser: Browser;
let win: WgdeskWindow;
const SERVER = rig.name('st');

before(async () => {
  const ns = await rig.namespace('s');
  serve = await startServe(ns, join(rig.dir, 'data'), { port: 7431 });
  browser = await launch({ executablePath: chromiumInNamespace(rig.dir, ns) });
  win = new WgdeskWindow(browser.page);
});

after(async () => {
  await browser?.close();
  await serve?.stop();
});

test('DNS through the preview: no session drops, the client config changes; a port change drops sessions; history compares and rolls back', async () => {
  const servers = await win.open(serve.url);
  await servers.createServer({
    name: SERVER,
    port: '51830',
    ipv4: '10.67.0.1/24',
    endpoint: '192.0.2.1:51830',
  });
  const peers = await servers.openServer(SERVER);
  await peers.addPeer('laptop', { tunnel: 'Hub-routed (the server network)' });

  const settings = await ServerSettingsScreen.open(browser.page, SERVER);
  await settings.fill('DNS for clients', '9.9.9.9');
  const dnsPreview = await settings.preview();
  assert.match(await dnsPreview.sessions(), /^No live session drops/);
  assert.deepEqual(await dnsPreview.clientConfigs(), ['laptop']);
  await dnsPreview.apply();

  // Main's push starts the form afresh from the server as stored; the re-sent config carries the DNS.
  const conf = await (await settings.openResentConfig('laptop')).downloadConf();
  assert.match(conf.text, /^DNS = 9\.9\.9\.9$/m);
  await browser.page.keyboard.press('Escape');
  assert.equal(await settings.field('DNS for clients').inputValue(), '9.9.9.9');

  await settings.fill('Listen port', '51831');
  const portPreview = await settings.preview();
  assert.match(await portPreview.sessions(), /^Live sessions will drop/);
  await portPreview.cancel();

  const history = await settings.goToHistory();
  const [dnsRev, beforeDns] = await history.revisions(2);
  assert.ok(dnsRev !== undefined && beforeDns !== undefined);
  // Said as a sentence with the server's name, not the raw action (issue 15, point 4).
  assert.equal(await history.what(dnsRev), `Changed server ${SERVER}`);
  const diff = await history.compare(beforeDns, dnsRev);
  assert.deepEqual(diff.get('dns'), ['(none)', '9.9.9.9']);

  await history.rollBackTo(beforeDns);
  // The rollback is a new revision, listed from main's push.
  const [rollbackRev] = await history.revisions(3);
  assert.ok(rollbackRev !== undefined && rollbackRev > dnsRev);
  const back = await ServerSettingsScreen.open(browser.page, SERVER);
  assert.equal(await back.field('DNS for clients').inputValue(), '');
  assert.deepEqual(browser.errors, []);
});

test('a backup made from the Settings page is listed, and restores from there after a confirmation', async () => {
  await win.goToSettings();
  const backups = new BackupsScreen(browser.page);
  await backups.backUpNow('correct horse battery staple');
  const [newest] = await backups.files(1);
  assert.match(newest ?? '', /^wgdesk-\d{4}-\d\d-\d\dT/);
  const confirmation = await backups.restoreNewest('correct horse battery staple');
  assert.match(confirmation, /Every server, peer, user, rule and the history are replaced/);
  assert.ok(confirmation.includes(newest ?? '?'), 'the confirmation names the backup');
  assert.deepEqual(browser.errors, []);
});
