import type { Locator, Page } from 'playwright-core';
import { ConfigDialog } from './pages';

// Page objects for issue 13's screens (a server's settings and history, the
// backups on the Settings page), found by role and accessible name as in pages.ts.

const TIMEOUT = 10_000;

/** The preview of an edit, before Apply. */
export class PreviewDialog {
  constructor(
    readonly page: Page,
    readonly dialog: Locator,
  ) {}

  /** The sentence saying whether live sessions drop. */
  async sessions(): Promise<string> {
    return this.dialog.getByRole('status').innerText();
  }

  /** Names in "Client configs that change". */
  async clientConfigs(): Promise<string[]> {
    const list = this.dialog.getByRole('list', { name: 'Client configs that change' });
    if ((await list.count()) === 0) return [];
    return list.getByRole('listitem').allInnerTexts();
  }

  async apply(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await this.dialog.waitFor({ state: 'detached', timeout: 30_000 });
  }

  async cancel(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}

export class ServerSettingsScreen {
  constructor(
    readonly page: Page,
    readonly server: string,
  ) {}

  /** From the server's peer table (or its history), through its own page links. */
  static async open(page: Page, server: string): Promise<ServerSettingsScreen> {
    await page.getByRole('main').getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: `Settings of ${server}`, level: 1 }).waitFor();
    return new ServerSettingsScreen(page, server);
  }

  form(): Locator {
    return this.page.getByRole('form', { name: `Settings of ${this.server}` });
  }

  field(label: string): Locator {
    return this.form().getByLabel(label, { exact: true });
  }

  async fill(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  async preview(): Promise<PreviewDialog> {
    await this.form().getByRole('button', { name: 'Preview changes' }).click();
    const d = this.page.getByRole('dialog', { name: `Apply these changes to ${this.server}?` });
    await d.waitFor({ timeout: TIMEOUT });
    return new PreviewDialog(this.page, d);
  }

  /** After an apply: opens one client's config from the "send again" list. */
  async openResentConfig(peer: string): Promise<ConfigDialog> {
    await this.page
      .getByRole('region', { name: 'Client configs to send again' })
      .getByRole('button', { name: `Show config of ${peer}` })
      .click();
    const dialog = this.page.getByRole('dialog', { name: `Config of ${peer}` });
    await dialog.waitFor();
    return new ConfigDialog(this.page, dialog, peer);
  }

  async goToHistory(): Promise<HistoryScreen> {
    await this.page.getByRole('main').getByRole('button', { name: 'History', exact: true }).click();
    await this.page.getByRole('heading', { name: `History of ${this.server}`, level: 1 }).waitFor();
    return new HistoryScreen(this.page, this.server);
  }
}

export class HistoryScreen {
  constructor(
    readonly page: Page,
    readonly server: string,
  ) {}

  table(): Locator {
    return this.page.getByRole('table', { name: `Revisions of ${this.server}` });
  }

  /** Revision ids, newest first, once at least `atLeast` are listed. */
  async revisions(atLeast: number): Promise<number[]> {
    const heads = this.table().getByRole('rowheader');
    await heads.nth(atLeast - 1).waitFor({ timeout: TIMEOUT });
    return (await heads.allInnerTexts()).map((t) => Number(t.replace('#', '')));
  }

  /** The "what" cell of one revision. */
  async what(id: number): Promise<string> {
    return this.row(id).getByRole('cell').nth(3).innerText();
  }

  row(id: number): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: `#${id}`, exact: true }) });
  }

  /** Ticks two revisions and returns the settings rows of the comparison: field → [older, newer]. */
  async compare(a: number, b: number): Promise<Map<string, [string, string]>> {
    for (const id of [a, b])
      await this.page.getByRole('checkbox', { name: `Compare revision ${id}` }).check();
    const table = this.page.getByRole('table', { name: 'Server settings' });
    await table.waitFor({ timeout: TIMEOUT });
    const out = new Map<string, [string, string]>();
    for (const row of await table.getByRole('row').all()) {
      const head = row.getByRole('rowheader');
      if ((await head.count()) === 0) continue;
      const cells = await row.getByRole('cell').allInnerTexts();
      out.set(await head.innerText(), [cells[0] ?? '', cells[1] ?? '']);
    }
    return out;
  }

  async rollBackTo(id: number): Promise<void> {
    await this.row(id)
      .getByRole('button', { name: `Roll back to #${id}` })
      .click();
    const d = this.page.getByRole('dialog', { name: `Roll back to revision ${id}?` });
    await d.getByRole('button', { name: 'Roll back', exact: true }).click();
    await d.waitFor({ state: 'detached', timeout: 30_000 });
  }
}

/** The Backups part of the app's Settings page. */
export class BackupsScreen {
  constructor(readonly page: Page) {}

  async backUpNow(passphrase: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Make a backup now' });
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByLabel('Passphrase again', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Make a backup now' }).click();
  }

  /**
   * Restores the newest backup of the data directory (the first choice) with
   * `passphrase`, through the confirmation; returns the confirmation's text.
   */
  async restoreNewest(passphrase: string): Promise<string> {
    const form = this.page.getByRole('form', { name: 'Restore a backup' });
    await form.getByLabel('Passphrase of that backup', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Restore…' }).click();
    const d = this.page.getByRole('dialog', { name: 'Replace everything with this backup?' });
    await d.waitFor({ timeout: 30_000 });
    const text = await d.innerText();
    await d.getByRole('button', { name: 'Replace everything', exact: true }).click();
    await this.page.getByText(/^Backup restored: /).waitFor({ timeout: 60_000 });
    return text;
  }

  /** File names listed, once at least `atLeast` are. */
  async files(atLeast: number): Promise<string[]> {
    const heads = this.page
      .getByRole('table', { name: 'Backups in the data directory' })
      .getByRole('rowheader');
    await heads.nth(atLeast - 1).waitFor({ timeout: 30_000 });
    return heads.allInnerTexts();
  }
}
