import type { Locator, Page } from 'playwright-core';
import { NetworkScreen } from './network-pages';

// Page objects for wgdesk's window: each method is something an admin does,
// found by role and accessible name (what a screen reader sees), never by CSS.

const TIMEOUT = 10_000;

export class WgdeskWindow {
  constructor(readonly page: Page) {}

  /** Opens the page at the URL `wgdesk serve` printed (token in the fragment) and waits for the server list. */
  async open(url: string): Promise<ServersScreen> {
    await this.page.goto(url);
    await this.page
      .getByRole('heading', { name: 'Servers', level: 1 })
      .waitFor({ timeout: TIMEOUT });
    return new ServersScreen(this.page);
  }

  private nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Main navigation' });
  }

  async goToServers(): Promise<ServersScreen> {
    await this.nav().getByRole('button', { name: 'Servers', exact: true }).click();
    return new ServersScreen(this.page);
  }

  async goToUsers(): Promise<UsersScreen> {
    await this.nav().getByRole('button', { name: 'Users', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    return new UsersScreen(this.page);
  }

  async goToLogs(): Promise<LogsScreen> {
    await this.nav().getByRole('button', { name: 'Logs', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    return new LogsScreen(this.page);
  }

  async goToSettings(): Promise<SettingsScreen> {
    await this.nav().getByRole('button', { name: 'Settings', exact: true }).click();
    return new SettingsScreen(this.page);
  }
}

export interface ServerDraft {
  readonly name: string;
  readonly port: string;
  readonly ipv4: string;
  readonly endpoint: string;
}

export class ServersScreen {
  constructor(readonly page: Page) {}

  /** Fills and submits the New server dialog; the dialog stays if main refuses. */
  async submitNewServer(s: ServerDraft): Promise<Locator> {
    await this.page.getByRole('button', { name: 'New server' }).click();
    const d = this.page.getByRole('dialog', { name: 'New server' });
    // The form pre-fills free values once main answers: typing before that could
    // land after a value set under the caret ("wg0" + name).
    await d.getByLabel('Interface name').and(this.page.locator(':not([value=""])')).waitFor();
    await d.getByLabel('Interface name').fill(s.name);
    await d.getByLabel('Listen port').fill(s.port);
    await d.getByLabel('IPv4 address').fill(s.ipv4);
    await d.getByLabel('Public endpoint').fill(s.endpoint);
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    return d;
  }

  async createServer(s: ServerDraft): Promise<void> {
    const d = await this.submitNewServer(s);
    await d.waitFor({ state: 'detached', timeout: 30_000 });
  }

  /** Waits until the server's row is listed with its traffic summary loaded. */
  async waitForServer(name: string): Promise<void> {
    await this.page
      .getByRole('main')
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name: `Open ${name}` }) })
      .filter({ hasText: /\d+(\.\d+)? (B|KiB|MiB|GiB) \/ / })
      .waitFor({ timeout: TIMEOUT });
  }

  async openServer(name: string): Promise<PeerTableScreen> {
    await this.page
      .getByRole('main')
      .getByRole('button', { name: `Open ${name}` })
      .click();
    await this.page.getByRole('heading', { name, level: 1 }).waitFor();
    return new PeerTableScreen(this.page, name);
  }
}

/** The peer table's columns (each cell has the class `c-<column>`). */
export type Column =
  | 'select'
  | 'status'
  | 'name'
  | 'owner'
  | 'type'
  | 'address'
  | 'endpoint'
  | 'handshake'
  | 'rx'
  | 'tx'
  | 'rate'
  | 'actions';

export class PeerTableScreen {
  constructor(
    readonly page: Page,
    readonly server: string,
  ) {}

  table(): Locator {
    return this.page.getByRole('table', { name: `Peers of ${this.server}` });
  }

  /** The row of one peer, found by its name button. */
  row(peer: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name: `Details of ${peer}`, exact: true }) });
  }

  async waitForStatus(
    peer: string,
    // A peer out of the kernel shows why (the lifecycle rule's words) in place of its status.
    status:
      | 'Online'
      | 'Offline'
      | 'Disconnected'
      | 'Never connected'
      | 'Disconnected for a time'
      | 'Waiting for a device slot',
    timeout = TIMEOUT,
  ): Promise<void> {
    await this.row(peer).getByText(status, { exact: true }).waitFor({ state: 'attached', timeout });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: `Search peers of ${this.server}` }).fill(text);
  }

  /**
   * One cell of a peer's row, by its column's class: a narrow window hides
   * columns (sizes.css), so a cell's position among the visible ones moves.
   */
  cell(peer: string, column: Column): Locator {
    return this.row(peer).locator(`.c-${column}`);
  }

  async addPeer(name: string, opts: { tunnel?: string; owner?: string } = {}): Promise<void> {
    await this.page
      .getByRole('button', { name: `Add peer to ${this.server}`, exact: true })
      .click();
    const d = this.page.getByRole('dialog', { name: `New peer on ${this.server}` });
    await d.getByLabel('Name', { exact: true }).fill(name);
    if (opts.tunnel !== undefined)
      await d
        .getByLabel('What the client sends through the tunnel')
        .selectOption({ label: opts.tunnel });
    if (opts.owner !== undefined) await d.getByLabel('Owner').selectOption({ label: opts.owner });
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await d.waitFor({ state: 'detached', timeout: 30_000 });
    await this.row(name).waitFor();
  }

  /** One click, no dialog (its notice offers Undo); done when the row offers Reconnect. */
  async disconnect(peer: string): Promise<void> {
    await this.row(peer)
      .getByRole('button', { name: `Disconnect ${peer}` })
      .click();
    await this.row(peer)
      .getByRole('button', { name: `Reconnect ${peer}` })
      .waitFor({ timeout: TIMEOUT });
  }

  async reconnect(peer: string): Promise<void> {
    await this.row(peer)
      .getByRole('button', { name: `Reconnect ${peer}` })
      .click();
  }

  async showConfig(peer: string): Promise<ConfigDialog> {
    await this.row(peer)
      .getByRole('button', { name: `Show config of ${peer}` })
      .click();
    const dialog = this.page.getByRole('dialog', { name: `Config of ${peer}` });
    await dialog.waitFor();
    return new ConfigDialog(this.page, dialog, peer);
  }

  async openPeer(peer: string): Promise<PeerScreen> {
    await this.row(peer)
      .getByRole('button', { name: `Details of ${peer}` })
      .click();
    await this.page.getByRole('heading', { name: peer, level: 1 }).waitFor();
    return new PeerScreen(this.page, peer);
  }

  /** The server's network settings and access rules page. */
  async openNetwork(): Promise<NetworkScreen> {
    await this.page.getByRole('button', { name: 'Network & rules' }).click();
    await this.page.getByRole('heading', { name: `Network — ${this.server}`, level: 1 }).waitFor();
    return new NetworkScreen(this.page, this.server);
  }

  async openNewPeerForm(): Promise<PeerFormDialog> {
    await this.page
      .getByRole('button', { name: `Add peer to ${this.server}`, exact: true })
      .click();
    const d = this.page.getByRole('dialog', { name: `New peer on ${this.server}` });
    await d.waitFor();
    return new PeerFormDialog(this.page, d);
  }

  async clearSelection(): Promise<void> {
    await this.page.getByRole('button', { name: 'Clear selection' }).click();
  }

  async select(peers: readonly string[]): Promise<void> {
    for (const p of peers)
      await this.row(p)
        .getByRole('checkbox', { name: `Select ${p}` })
        .check();
  }
}

export class ConfigDialog {
  constructor(
    readonly page: Page,
    readonly dialog: Locator,
    readonly peer: string,
  ) {}

  /** The QR code as PNG bytes, read from the image the page shows. */
  async qrPng(): Promise<Buffer> {
    const img = this.dialog.getByRole('img', { name: `QR code of the config of ${this.peer}` });
    await img.waitFor();
    const src = await img.getAttribute('src');
    if (src === null || !src.startsWith('data:image/png;base64,'))
      throw new Error(`unexpected QR src: ${src ?? 'none'}`);
    return Buffer.from(src.slice('data:image/png;base64,'.length), 'base64');
  }

  /** Clicks "Download NAME.conf" and returns what the browser saved. */
  async downloadConf(): Promise<{ filename: string; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.dialog.getByRole('button', { name: /^Download .*\.conf$/ }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    return { filename: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }

  async close(): Promise<void> {
    await this.dialog
      .getByRole('button', { name: `Close “Config of ${this.peer}”`, exact: true })
      .click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}

export class PeerFormDialog {
  constructor(
    readonly page: Page,
    readonly dialog: Locator,
  ) {}

  async submit(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Create', exact: true }).click();
  }

  /** Waits until the field with this label is marked invalid (its message is tied to it). */
  async waitForFieldError(label: string): Promise<void> {
    await this.dialog
      .getByLabel(label, { exact: true })
      .and(this.page.locator('[aria-invalid="true"]'))
      .waitFor({ timeout: TIMEOUT });
  }

  async cancel(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}

/** One peer's page: live numbers, history chart, details, connection log. */
export class PeerScreen {
  constructor(
    readonly page: Page,
    readonly peer: string,
  ) {}

  async chooseRange(range: '1 h' | '24 h' | '7 d' | '30 d'): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Time range' })
      .getByRole('button', { name: range, exact: true })
      .click();
  }

  /** Waits for the traffic chart (drawn only when the range has traffic). */
  async waitForChart(): Promise<void> {
    await this.page
      .getByRole('img', { name: new RegExp(`^Transfer of ${this.peer} over`) })
      .locator('canvas')
      .first()
      .waitFor({ timeout: TIMEOUT });
  }
}

export class SettingsScreen {
  constructor(readonly page: Page) {}

  async chooseTheme(theme: 'Follow the system' | 'Light' | 'Dark'): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Appearance' })
      .getByRole('radio', { name: theme })
      .check();
  }

  async chooseLanguage(language: 'English' | 'Português (Brasil)' | 'Français'): Promise<void> {
    await this.page.getByRole('radio', { name: language }).check();
  }
}

export class UsersScreen {
  constructor(readonly page: Page) {}

  async addUser(name: string, deviceLimit: number): Promise<void> {
    await this.page.getByRole('button', { name: 'Add user' }).click();
    const d = this.page.getByRole('dialog', { name: 'New user' });
    await d.getByLabel('Name', { exact: true }).fill(name);
    await d.getByLabel('Device limit').fill(String(deviceLimit));
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await d.waitFor({ state: 'detached' });
    await this.page.getByRole('rowheader', { name: new RegExp(`^${name}`) }).waitFor();
  }
}

export class LogsScreen {
  constructor(readonly page: Page) {}

  async showAudit(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Audit' }).click();
    await this.page.getByRole('tabpanel').getByRole('table').waitFor();
  }

  /** Waits for a connection-log row naming the peer and the event (as the page words it). */
  async waitForConnectionEntry(peer: string, event: string, timeout = TIMEOUT): Promise<Locator> {
    const row = this.page
      .getByRole('row')
      .filter({ hasText: peer })
      .filter({ has: this.page.getByText(event, { exact: true }) })
      .first();
    await row.waitFor({ timeout });
    return row;
  }
}

/**
 * Import dialog, file source (issue 15): a wg-quick file the admin picks, its
 * public endpoint, and the offer to bring the imported server up, taken.
 */
export async function importConfFile(
  page: Page,
  file: { readonly name: string; readonly text: string },
  endpoint: string,
): Promise<void> {
  await page.getByRole('main').getByRole('button', { name: 'Import a server' }).click();
  const d = page.getByRole('dialog', { name: 'Import a server' });
  // Clicking the field's label opens the browser's file chooser, as a click on the field would.
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: TIMEOUT }),
    d.getByText('.conf file', { exact: true }).click(),
  ]);
  await chooser.setFiles({
    name: `${file.name}.conf`,
    mimeType: 'text/plain',
    buffer: Buffer.from(file.text),
  });
  await d.getByLabel('Public endpoint').fill(endpoint);
  await d.getByRole('button', { name: 'Import', exact: true }).click();
  // A file's server is imported down: the dialog says so and offers to bring it up.
  await d.getByRole('status').getByText(`${file.name} is imported, and down`).waitFor();
  await d.getByRole('button', { name: `Bring ${file.name} up` }).click();
  await d.waitFor({ state: 'detached', timeout: 30_000 });
}
// Added for the window-interaction tests: the keyboard, the row switch and
// what the page says about its own state.

/**
 * The one browser global these checks read. The test project has no DOM
 * types, and a function run in the page cannot close over anything here, so
 * each check casts globalThis inline to this shape.
 */
interface InPage {
  readonly document: { readonly activeElement: unknown };
}

/** Whether this element has keyboard focus now (the page's document.activeElement). */
export async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement);
}

/** Whether focus is somewhere inside this element. */
export async function holdsFocus(target: Locator): Promise<boolean> {
  return target.evaluate((el) =>
    el.contains((globalThis as unknown as InPage).document.activeElement as typeof el),
  );
}

export class RowControls {
  constructor(
    readonly peers: PeerTableScreen,
    readonly peer: string,
  ) {}

  /** The row's one-click enabled switch. */
  enabledSwitch(): Locator {
    return this.peers.row(this.peer).getByRole('switch', { name: `Enabled: ${this.peer}` });
  }

  disconnectButton(): Locator {
    return this.peers.row(this.peer).getByRole('button', { name: `Disconnect ${this.peer}` });
  }

  /** The Undo of the notice that reports this row's last one-click change. */
  async undo(notice: string | RegExp): Promise<void> {
    await this.peers.page
      .getByRole('listitem')
      .filter({ hasText: notice })
      .getByRole('button', { name: 'Undo', exact: true })
      .click();
  }
}
