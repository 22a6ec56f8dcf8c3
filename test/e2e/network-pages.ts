import type { Locator, Page } from 'playwright-core';

// Page objects for a server's network page (issue 11): settings, access
// rules and explain, found by role and accessible name as in pages.ts.

const TIMEOUT = 10_000;

export interface RuleDraft {
  readonly sourcePeer: string;
  readonly destinationPeer: string;
  readonly protocol: 'TCP' | 'UDP' | 'ICMP' | 'Any';
  readonly ports: string;
  readonly action: 'Allow' | 'Deny';
}

export class NetworkScreen {
  constructor(
    readonly page: Page,
    readonly server: string,
  ) {}

  private settings(): Locator {
    return this.page.getByRole('region', { name: 'Network settings' });
  }

  async setPolicy(
    policy:
      'Allow all' | 'Client isolation (peers cannot reach each other)' | 'Deny all but the rules',
  ): Promise<void> {
    await this.settings().getByLabel('Default policy').selectOption({ label: policy });
    await this.settings().getByRole('button', { name: 'Save network settings' }).click();
    await this.page.getByText('Network settings saved.').waitFor({ timeout: TIMEOUT });
  }

  private rulesRegion(): Locator {
    return this.page.getByRole('region', { name: `Access rules of ${this.server}` });
  }

  /** The rules' accessible names ("Rule #3 (priority 10)"), in the order shown. */
  async ruleNames(): Promise<string[]> {
    const rows = this.rulesRegion().getByRole('row').filter({ hasText: /./ });
    const names = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    return names.filter((n): n is string => n !== null);
  }

  rule(name: string): Locator {
    return this.rulesRegion().getByRole('row', { name, exact: true });
  }

  /** Opens the New access rule dialog and fills it; the caller submits. */
  async fillNewRule(r: RuleDraft): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Add rule' }).click();
    const d = this.page.getByRole('dialog', { name: 'New access rule' });
    await d.getByLabel('Source', { exact: true }).selectOption({ label: 'A peer' });
    await d.getByLabel('Source peer').selectOption({ label: r.sourcePeer });
    await d.getByLabel('Destination', { exact: true }).selectOption({ label: 'A peer' });
    await d.getByLabel('Destination peer').selectOption({ label: r.destinationPeer });
    await d.getByLabel('Protocol').selectOption({ label: r.protocol });
    await d.getByLabel('Ports').fill(r.ports);
    await d.getByLabel('Action').selectOption({ label: r.action });
    return d;
  }

  async submitRule(d: Locator): Promise<void> {
    await d.getByRole('button', { name: 'Create rule' }).click();
  }

  /** Drags one rule's row onto another's (native HTML5 drag and drop). */
  async drag(rule: string, onto: string): Promise<void> {
    await this.rule(rule).dragTo(this.rule(onto));
  }

  /** The keyboard's way: the row's "move down" button. */
  async moveDown(rule: string): Promise<void> {
    await this.rule(rule)
      .getByRole('button', { name: `Move ${rule} down` })
      .click();
  }

  /** Asks explain; answers the verdict line's text. */
  async explain(
    from: string,
    to: string,
    protocol: 'TCP' | 'UDP' | 'ICMP',
    port: string,
  ): Promise<string> {
    const form = this.page.getByRole('region', { name: 'Explain' });
    await form.getByLabel('From', { exact: true }).selectOption({ label: from });
    await form.getByLabel('To', { exact: true }).selectOption({ label: to });
    await form.getByLabel('Protocol').selectOption({ label: protocol });
    await form.getByLabel('Port').fill(port);
    await form.getByRole('button', { name: 'Explain' }).click();
    const verdict = form.getByRole('status', { name: 'Verdict' });
    await verdict.waitFor({ timeout: TIMEOUT });
    return verdict.innerText();
  }
}
