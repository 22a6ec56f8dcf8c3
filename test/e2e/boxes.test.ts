/**
 * A box from the window: the built renderer on the real `wgdesk serve --boxes`,
 * Chromium, and a real box (Debian's sshd and the box's wgdesk service in a
 * namespace), reached with a key whose authorized_keys entry forces
 * `wgdesk bridge` (test/e2e/box-window.ts). The admin adds the box, checks its
 * fingerprint, opens it, makes a server and a peer there; the address bar
 * keeps the box across a reload and Back; a rotated host key gets a dialog
 * of its own, with both fingerprints and no way to accept it.
 * Needs root (namespaces) and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sh, useRig, waitFor } from '../integration/rig';
import { unnamedControls } from './a11y';
import {
  addAndOpenBox,
  boxItem,
  keygenFingerprint,
  machines,
  openBoxWindow,
  type BoxWindow,
} from './box-window';

/** Not 7420: the other e2e files may run their own serve at the same time. */
const PORT = 7461;
const rig = useRig();
let w: BoxWindow | undefined;
const SERVER = rig.name('b0');
const OUT = 'test-results/boxes';

before(async () => {
  mkdirSync(OUT, { recursive: true });
  w = await openBoxWindow(rig, PORT, 'eb');
});

after(async () => {
  await w?.close();
});

function ready(): BoxWindow {
  assert.ok(w, 'the box and the window are set up');
  return w;
}

test('add a box, confirm its fingerprint, open it, and make a server and a peer on it', async () => {
  const { win, box, browser, srvNs } = ready();
  const page = browser.page;
  await addAndOpenBox(ready());

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
  await machines(ready()).getByRole('button', { name: 'This machine' }).click();
  await page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
  assert.equal(
    await page
      .getByRole('main')
      .getByRole('button', { name: `Open ${SERVER}` })
      .count(),
    0,
  );
  // The sidebar still lists the box's servers under it.
  await machines(ready())
    .getByRole('button', { name: `Open ${SERVER}` })
    .waitFor();
  assert.deepEqual(browser.errors, []);
});

test('the address bar carries the box: a reload and Back stay on the box’s pages', async () => {
  const { browser, address } = ready();
  const page = browser.page;
  const hash = (): string => new URL(page.url()).hash;
  assert.equal(hash(), '#/servers', 'this machine’s pages have no box in the address');
  // From the sidebar, the box's server under the box: the address names the box and the server.
  await machines(ready())
    .getByRole('button', { name: `Open ${SERVER}` })
    .click();
  await page.getByRole('heading', { name: SERVER, level: 1 }).waitFor();
  const onBox = hash();
  assert.match(onBox, /^#\/box\/\d+\/servers\/\d+$/);

  await page.reload();
  await page.getByRole('heading', { name: SERVER, level: 1 }).waitFor({ timeout: 30_000 });
  await page
    .getByRole('status')
    .filter({ hasText: `Box ${address}: connected.` })
    .waitFor({ timeout: 30_000 });
  assert.equal(hash(), onBox);
  await page
    .getByRole('table', { name: `Peers of ${SERVER}` })
    .getByText('box-laptop')
    .waitFor();

  // Back: this machine's servers, where the sidebar was clicked; Forward: the box's server again.
  await page.goBack();
  await waitFor(async () => hash() === '#/servers', 10_000, 'back on this machine');
  await page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
  assert.equal(
    await page
      .getByRole('status')
      .filter({ hasText: `Box ${address}` })
      .count(),
    0,
  );
  await page.goForward();
  await page.getByRole('heading', { name: SERVER, level: 1 }).waitFor();
  assert.equal(hash(), onBox);
  assert.deepEqual(browser.errors, []);
});

test('a rotated host key: a dialog with both fingerprints, no accept; kept refused, then removed', async () => {
  const { box, browser, address } = ready();
  const page = browser.page;
  const hostKey = join(box.sshDir, 'host_ed25519');
  const pinned = await keygenFingerprint(`${hostKey}.pub`);
  renameSync(hostKey, `${hostKey}.old`);
  renameSync(`${hostKey}.pub`, `${hostKey}.old.pub`);
  await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const offered = await keygenFingerprint(`${hostKey}.pub`);
  // A new listener with the new key, and the live session ended (by its pids): the desktop
  // reconnects, as after any dropped link, and meets the new key.
  const sessions = (await sh('ps', ['-o', 'pid=', '--ppid', String(box.sshd.pid)]))
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((pid) => pid > 0);
  await box.restartSshd();
  for (const pid of sessions) process.kill(pid, 'SIGTERM');

  const dialog = page.getByRole('dialog', { name: `The host key of ${address} changed` });
  await dialog.waitFor({ timeout: 30_000 });
  assert.deepEqual(await dialog.locator('code').allInnerTexts(), [pinned, offered]);
  assert.match(await dialog.innerText(), /ssh-keygen -R/);
  const buttons = await dialog.getByRole('button').allInnerTexts();
  assert.ok(!buttons.some((b) => /trust|accept|connect/i.test(b)), buttons.join(', '));
  assert.deepEqual(await unnamedControls(page), []);
  await page.screenshot({ path: `${OUT}/host-key-changed.png` });

  // Kept refused: the dialog goes, the box stays refused; choosing the box shows it again.
  await dialog.getByRole('button', { name: 'Keep it refused' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await boxItem(ready()).locator('.nav-count').innerText(), 'host key changed');
  await page
    .getByRole('status')
    .filter({ hasText: `Box ${address}: host key changed. Refused: its host key is not the one` })
    .waitFor();
  await boxItem(ready()).click();
  await dialog.getByRole('button', { name: 'Remove the box' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  await boxItem(ready()).waitFor({ state: 'detached', timeout: 10_000 });
  // Back to an address of the removed box: this machine's pages, and the address says so.
  await waitFor(async () => new URL(page.url()).hash === '#/servers', 10_000, 'this machine');
  await page.goBack();
  await waitFor(async () => new URL(page.url()).hash === '#/servers', 10_000, 'not the box');
  await page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
  assert.equal(
    await page
      .getByRole('status')
      .filter({ hasText: `Box ${address}` })
      .count(),
    0,
  );
  assert.deepEqual(browser.errors, []);
});
