/**
 * OpenVPN in the window (issue 14): the built renderer served by the real
 * `wgdesk serve`, a real OpenVPN server with its management socket and a real
 * client in the serve's namespace (the fixtures of test/integration/openvpn).
 * The admin attaches the server through the dialog, sees the live session
 * marked OpenVPN, gives it to a user from the session's row, and ends it.
 * Needs root (namespaces) and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { OpenVpnLab } from '../integration/openvpn/lab';
import { useRig, waitFor } from '../integration/rig';
import { launch, type Browser } from './browser';
import { WgdeskWindow } from './pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';

const rig = useRig();
const KILLED = 'Connection reset command was pushed by server';
const TIMEOUT = 15_000;
let lab: OpenVpnLab;
let serve: ServeProcess;
let browser: Browser;
let win: WgdeskWindow;

before(async () => {
  const ns = await rig.namespace('ov');
  lab = new OpenVpnLab(rig, ns);
  serve = await startServe(ns, join(rig.dir, 'data'));
  browser = await launch({ executablePath: chromiumInNamespace(rig.dir, ns) });
  win = new WgdeskWindow(browser.page);
});

after(async () => {
  await browser?.close();
  await serve?.stop();
});

/** The OpenVPN part of the servers page, as an admin finds it. */
class OpenVpnScreen {
  constructor(readonly page: Page) {}

  async attach(name: string, socket: string, password: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Attach OpenVPN server' }).click();
    const d = this.page.getByRole('dialog', { name: 'Attach an OpenVPN server' });
    await d.getByLabel('Name', { exact: true }).fill(name);
    await d.getByLabel('Management interface').selectOption({ label: 'Unix socket' });
    await d.getByLabel('Socket path').fill(socket);
    await d.getByLabel('Management password').fill(password);
    await d
      .getByLabel('A session belongs to its')
      .selectOption({ label: 'Common name (certificate)' });
    await d.getByRole('button', { name: 'Attach', exact: true }).click();
    await d.waitFor({ state: 'detached', timeout: TIMEOUT });
  }

  server(name: string): Locator {
    return this.page.getByRole('article', { name: `OpenVPN server ${name}` });
  }

  session(server: string, identity: string): Locator {
    return this.server(server)
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: identity, exact: true }) });
  }
}

test('attach an OpenVPN server in the UI, see a live session, give it to a user, disconnect it', async () => {
  const laptop = await lab.cert('laptop');
  await lab.startServer([laptop]);
  const servers = await win.open(serve.url);
  await browser.capturingFailure(join(rig.dir, 'openvpn-failure.png'), async () => {
    const users = await win.goToUsers();
    await users.addUser('alice', 2);
    await win.goToServers();
    await servers.page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();

    const ovpn = new OpenVpnScreen(browser.page);
    await ovpn.attach('office', lab.socket, lab.password);
    const server = ovpn.server('office');
    await server.getByText('Watching', { exact: true }).waitFor({ timeout: TIMEOUT });

    const client = await lab.startClient(laptop);
    const row = ovpn.session('office', 'laptop');
    await row.waitFor({ timeout: TIMEOUT });
    assert.equal(await row.getByText('OpenVPN', { exact: true }).count(), 1, 'the OpenVPN badge');

    const owner = row.getByLabel('User of laptop');
    await owner.selectOption({ label: 'alice' });
    await waitFor(
      async () => (await owner.inputValue()) !== '' && !(await owner.isDisabled()),
      TIMEOUT,
      'the session given to alice',
    );
    const usersPage = await win.goToUsers();
    await usersPage.page
      .getByRole('row')
      .filter({ has: usersPage.page.getByRole('rowheader', { name: /^alice/ }) })
      .getByText('laptop', { exact: true })
      .waitFor({ timeout: TIMEOUT });

    await win.goToServers();
    await ovpn
      .session('office', 'laptop')
      .getByRole('button', { name: 'Disconnect laptop' })
      .click();
    await waitFor(() => client.log().includes(KILLED), TIMEOUT, "the kill in the laptop's log");
    assert.deepEqual(browser.errors, [], 'no console errors');
  });
});
