import type { Locator, Page } from 'playwright-core';

// Page objects for the settings that main keeps and for importing from
// /etc/wireguard: each method is an admin's intent, found by role and name.

/** The Settings page's word on interface scripts: read-only, since root decides. */
export class ScriptsSettingScreen {
  readonly group: Locator;

  constructor(readonly page: Page) {
    this.group = page.getByRole('group', { name: 'Interface scripts' });
  }

  /** Waits until the page says what main said, and returns the sentence as shown. */
  async state(): Promise<string> {
    const line = this.group.getByText(/^Interface scripts: (on|off) — /);
    await line.waitFor();
    return line.innerText();
  }

  /** Whatever could be clicked or typed into there: a read-only setting has none. */
  controls(): Locator {
    return this.group.locator('input, button, select, textarea, [role=switch]');
  }
}

/** A server's edit dialog, read for what it shows of the server's hooks. */
export class ServerSettingsScreen {
  readonly dialog: Locator;

  private constructor(
    readonly page: Page,
    name: string,
  ) {
    this.dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  }

  static async open(page: Page, name: string): Promise<ServerSettingsScreen> {
    await page
      .getByRole('main')
      .getByRole('button', { name: `Edit ${name}` })
      .click();
    const screen = new ServerSettingsScreen(page, name);
    await screen.dialog.waitFor();
    return screen;
  }

  /** The hooks as listed, one "Phase: command" line each. */
  async hooks(): Promise<string[]> {
    const list = this.dialog.getByRole('region', { name: 'Scripts' });
    const terms = await list.locator('dt, dd').allInnerTexts();
    const out: string[] = [];
    let phase = '';
    for (const t of terms) {
      if (/^(Pre|Post)(Up|Down)$/.test(t)) phase = t;
      else out.push(`${phase}: ${t}`);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}

export class ImportDialogScreen {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Import a server' });
  }

  static async open(page: Page): Promise<ImportDialogScreen> {
    await page.getByRole('button', { name: 'Import a server' }).click();
    const d = new ImportDialogScreen(page);
    await d.dialog.waitFor();
    return d;
  }

  /** Chooses "A file in /etc/wireguard" and waits until main's list (or its absence) shows. */
  async chooseSystemSource(): Promise<Locator> {
    await this.dialog.getByRole('radio', { name: 'A file in /etc/wireguard' }).check();
    const files = this.dialog.getByRole('group', { name: 'Files in /etc/wireguard' });
    await files.getByText('Reading /etc/wireguard…').waitFor({ state: 'detached' });
    return files;
  }

  /** The radio of NAME.conf (its name starts with the file name, then what is known of it). */
  file(name: string): Locator {
    return this.dialog.getByRole('radio', { name: new RegExp(`^${name}\\.conf\\b`) });
  }

  async importChosen(endpoint: string): Promise<void> {
    await this.dialog.getByLabel('Public endpoint').fill(endpoint);
    await this.dialog.getByRole('button', { name: 'Import', exact: true }).click();
  }

  /** The warnings main gave, shown after an import instead of closing. */
  async warnings(): Promise<string[]> {
    const list = this.dialog.getByRole('status').filter({ has: this.page.getByRole('listitem') });
    await list.waitFor();
    return list.getByRole('listitem').allInnerTexts();
  }

  async close(button: 'Cancel' | 'Close'): Promise<void> {
    await this.dialog.getByRole('button', { name: button, exact: true }).click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}
