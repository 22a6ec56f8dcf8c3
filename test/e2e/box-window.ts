// The boxes e2e files' common set-up: a real box (Debian's sshd and the box's
// wgdesk service in a namespace, test/integration/remote/box.ts), the real
// `wgdesk serve --boxes` in a namespace of its own that reaches the box's sshd
// over a veth, Chromium on the built renderer, and a key whose authorized_keys
// entry forces `wgdesk bridge`. Then, as an admin does: add the box, check its
// fingerprint, open it.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { formatBoxAddress } from '../../shared/validate/box-address';
import { sh, waitFor, type Rig } from '../integration/rig';
import { createBox, type Box } from '../integration/remote/box';
import { launch, type Browser } from './browser';
import { WgdeskWindow } from './pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

export interface BoxWindow {
  readonly box: Box;
  readonly srvNs: string;
  readonly serve: ServeProcess;
  readonly browser: Browser;
  readonly win: WgdeskWindow;
  readonly keyFile: string;
  /** `user@host`, as the sidebar lists it. */
  readonly address: string;
  close(): Promise<void>;
}

/** Everything above, each part stopped by `close()` even when a later part failed to start. */
export async function openBoxWindow(rig: Rig, port: number, suffix: string): Promise<BoxWindow> {
  const box = await createBox(rig, suffix);
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await serve?.stop();
    await box.cleanup();
  };
  try {
    const srvNs = await rig.namespace(`${suffix}s`);
    await joinServeToBox(rig, srvNs, box, suffix);
    const keyFile = join(rig.dir, `id_${suffix}`);
    await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
    const publicKey = (await sh('cat', [`${keyFile}.pub`])).trim();
    // A key that can only speak the contract: its forced command runs the bridge.
    appendFileSync(
      join(box.sshDir, 'authorized_keys'),
      `restrict,command="${box.bridgeCommand.join(' ')}" ${publicKey}\n`,
    );
    serve = await startServe(srvNs, join(rig.dir, `data-${suffix}`), { port, boxes: true });
    browser = await launch({ executablePath: chromiumInNamespace(rig.dir, srvNs) });
    const win = new WgdeskWindow(browser.page);
    const address = formatBoxAddress(box.address);
    return { box, srvNs, serve, browser, win, keyFile, address, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** serve's namespace reaches the box's sshd over a veth of its own. */
async function joinServeToBox(rig: Rig, srvNs: string, box: Box, suffix: string): Promise<void> {
  const [near, far] = [rig.name(`${suffix}s`), rig.name(`${suffix}b`)];
  await sh('ip', ['link', 'add', near, 'netns', srvNs, 'type', 'veth', 'peer', 'name', far]);
  await sh('ip', ['link', 'set', far, 'netns', box.ns]);
  await rig.exec(srvNs, 'ip', ['address', 'add', '198.18.0.1/30', 'dev', near]);
  await rig.exec(srvNs, 'ip', ['link', 'set', near, 'up']);
  await rig.exec(box.ns, 'ip', ['address', 'add', '198.18.0.2/30', 'dev', far]);
  await rig.exec(box.ns, 'ip', ['link', 'set', far, 'up']);
  await rig.exec(srvNs, 'ip', ['route', 'add', `${box.address.host}/32`, 'via', '198.18.0.2']);
}

/** The sidebar's list of engines. */
export function machines(w: BoxWindow): Locator {
  return w.browser.page.getByRole('list', { name: 'Machines' });
}

/** The box's own entry in the sidebar. */
export function boxItem(w: BoxWindow): Locator {
  return machines(w).getByRole('button', { name: new RegExp(`^${w.address}`) });
}

/**
 * Opens the window, adds the box with the key, checks that the fingerprint
 * shown is what `ssh-keygen -lf` prints on the box, trusts it, waits until
 * the box is connected and opens its pages.
 */
export async function addAndOpenBox(w: BoxWindow): Promise<void> {
  const page = w.browser.page;
  await w.win.open(w.serve.url);
  await machines(w).getByRole('button', { name: 'This machine' }).waitFor();
  await machines(w).getByRole('button', { name: 'Add box' }).click();
  const add = page.getByRole('dialog', { name: 'Add a box' });
  await add.getByLabel('Address').fill(w.address);
  await add.getByLabel('Key file (optional)').fill(w.keyFile);
  await add.getByRole('button', { name: 'Add', exact: true }).click();

  const trust = page.getByRole('dialog', { name: `Confirm the host key of ${w.address}` });
  const shown = (await trust.locator('code').innerText({ timeout: 30_000 })).trim();
  assert.equal(shown, await keygenFingerprint(join(w.box.sshDir, 'host_ed25519.pub')));
  await trust.getByRole('button', { name: 'Trust and connect' }).click();
  await trust.waitFor({ state: 'detached', timeout: 30_000 });

  await waitFor(
    async () => (await boxItem(w).locator('.nav-count').innerText()) === 'connected',
    60_000,
    'the box connected in the sidebar',
  );
  await boxItem(w).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Box ${w.address}: connected.` })
    .waitFor({ timeout: 10_000 });
}

/** `SHA256:…` of a public key file, as ssh-keygen prints it. */
export async function keygenFingerprint(publicKeyFile: string): Promise<string> {
  return (await sh('ssh-keygen', ['-lf', publicKeyFile])).split(' ')[1] ?? '';
}
