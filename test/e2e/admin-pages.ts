import type { Locator, Page } from 'playwright-core';

// Page objects for the settings that main keeps and for importing from
// /etc/wireguard: each method is an admin's intent, found by role and name.

const SCRIPTS_SWITCH = 'Run interface scripts (PreUp, PostUp, PreDown, PostDown)';

export class ScriptsSettingScreen {
  constructor(readonly page: Page) {}

  switch(): Locator {
    return this.page.getByRole('switch', { name: SCRIPTS_SWITCH });
  }

  confirmDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Run interface scripts?' });
  }

  /** Waits until the switch shows main's value (it is disabled until read). */
  async waitForState(on: boolean): Promise<void> {
    await this.page
      .getByRole('switch', { name: SCRIPTS_SWITCH, checked: on, disabled: false })
      .waitFor();
  }

  /** Flips the switch on; the confirmation dialog stays open for the caller to answer. */
  async askToTurnOn(): Promise<Locator> {
    await this.switch().click();
    await this.confirmDialog().waitFor();
    return this.confirmDialog();
  }

  async answer(dialog: Locator, choice: 'Cancel' | 'Run scripts'): Promise<void> {
    await dialog.getByRole('button', { name: choice, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Off needs no confirmation: it only takes a power away. */
  async turnOff(): Promise<void> {
    await this.switch().click();
    await this.waitForState(false);
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
