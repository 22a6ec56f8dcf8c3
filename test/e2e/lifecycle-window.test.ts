/**
 * Issue 12 in the window, against the real `wgdesk serve` (real store, real
 * wireguard-go in a network namespace) and Chromium whose own locale is
 * English while the app speaks French: the expiry field follows the app
 * (issue 15, point 4). An expiry set through the app's date field reads in
 * French in the table and on the peer page; a bad date is refused at its
 * field; the quota shows as a bar in the table and its reset day is stored; a
 * revoke goes through a confirmation that says it is permanent, leaves the
 * row with "revoked by", and the key is refused when pasted again. Needs root
 * and `npm run build:renderer`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { fr } from '../../renderer/i18n/fr';
import { useRig } from '../integration/rig';
import { openApi, type Api } from './api';
import { launch, type Browser } from './browser';
import { SettingsScreen, WgdeskWindow } from './pages';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';
import { goTo, overflowing } from './window';

const rig = useRig();
let serve: ServeProcess;
let api: Api;
let browser: Browser;
let page: Page;
let serverId = 0;
const SERVER = rig.name('lc');
const TIMEOUT = 15_000;
const L = fr.lifecycleWindow;

/** A catalogue sentence with its {{placeholders}} filled, as the page shows it. */
const say = (template: string, vars: Record<string, string | number> = {}): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));

before(async () => {
  const ns = await rig.namespace('s');
  serve = await startServe(ns, join(rig.dir, 'data'), { port: 7471 });
  api = await openApi(ns, serve.url);
  browser = await launch({ executablePath: chromiumInNamespace(rig.dir, ns) });
  page = browser.page;
  const server = await api.call('interfaces.create', {
    name: SERVER,
    listenPort: 51871,
    ipv4Address: '10.71.0.1/24',
    publicEndpoint: '192.0.2.1:51871',
  });
  serverId = server.id;
  await new WgdeskWindow(page).open(serve.url);
  // The app in French; Chromium itself stays en-US.
  await (await new WgdeskWindow(page).goToSettings()).chooseLanguage('Français');
});

after(async () => {
  await browser?.close();
  api?.close();
  await serve?.stop();
});

async function openServer(): Promise<void> {
  await goTo(page, `#/servers/${serverId}`);
  await page.getByRole('heading', { name: SERVER, level: 1 }).waitFor({ timeout: TIMEOUT });
}

async function newPeerDialog(): Promise<Locator> {
  await page
    .getByRole('button', { name: say(fr.peers.addTo, { name: SERVER }), exact: true })
    .click();
  const d = page.getByRole('dialog', { name: say(fr.peerForm.titleNew, { name: SERVER }) });
  await d.waitFor();
  return d;
}

/** The row of one peer in the table, found by its name button. */
const row = (name: string): Locator =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: say(fr.row.open, { name }), exact: true }) });

async function fillExpiry(d: Locator, day: string, month: string, year: string): Promise<void> {
  const g = d.getByRole('group', { name: L.expires });
  await g.getByLabel(L.day, { exact: true }).fill(day);
  await g.getByLabel(L.month, { exact: true }).selectOption({ label: month });
  await g.getByLabel(L.year, { exact: true }).fill(year);
  await g.getByLabel(L.hour, { exact: true }).fill('14');
  await g.getByLabel(L.minute, { exact: true }).fill('30');
}

const YEAR = new Date().getFullYear() + 1;

test('an expiry typed in the app’s French field reads in French in the table; a date that does not exist is refused at its field; the quota bar and its reset day', async () => {
  await openServer();
  const d = await newPeerDialog();
  await d.getByLabel(fr.peerForm.name, { exact: true }).fill('portable');
  // The month list is the app's (French), not the browser's (English).
  const months = await d.getByLabel(L.month, { exact: true }).locator('option').allTextContents();
  assert.deepEqual(months.slice(1, 4), ['janvier', 'février', 'mars']);
  await fillExpiry(d, '31', 'février', String(YEAR));
  await d.getByRole('button', { name: fr.common.create, exact: true }).click();
  await d.getByText(L.problems.invalid, { exact: true }).waitFor({ timeout: TIMEOUT });
  await fillExpiry(d, '5', 'décembre', String(YEAR - 2));
  await d.getByRole('button', { name: fr.common.create, exact: true }).click();
  await d.getByText(L.problems.past, { exact: true }).waitFor({ timeout: TIMEOUT });

  await fillExpiry(d, '5', 'décembre', String(YEAR));
  // The field reads the value back in the app's words.
  await d.getByText(new RegExp(`5 décembre ${YEAR} à 14:30`)).waitFor();
  await d.getByLabel(L.quota, { exact: true }).fill('500');
  await d
    .getByLabel(fr.quotaUi.period, { exact: true })
    .selectOption({ label: fr.quotaUi.periods.month });
  await d.getByLabel(L.resetDay, { exact: true }).selectOption('15');
  await d.getByRole('button', { name: fr.common.create, exact: true }).click();
  await d.waitFor({ state: 'detached', timeout: 30_000 });

  const r = row('portable');
  await r
    .locator('.c-expires')
    .getByText(`5 déc. ${YEAR}`, { exact: true })
    .waitFor({ timeout: TIMEOUT });
  const meter = r.locator('.c-quota meter');
  assert.equal(await meter.getAttribute('max'), '500000000');
  assert.match((await r.locator('.c-quota').innerText()).trim(), /^0\s?%$/u);

  // Stored as the browser's local 5 December 14:30, with the monthly reset on the 15th.
  const want = await page.evaluate(`new Date(${YEAR}, 11, 5, 14, 30).getTime()`);
  const [stored] = (await api.call('peers.list', { interfaceId: serverId })).filter(
    (p) => p.name === 'portable',
  );
  assert.ok(stored !== undefined);
  assert.equal(stored.expiresAt, want);
  assert.equal(stored.quotaBytes, 500_000_000);
  assert.equal(stored.quotaPeriod, 'month');
  assert.equal(stored.quotaResetDay, 15);

  // The edit dialog starts from the stored expiry; "never" clears it.
  await r.getByRole('button', { name: say(fr.row.edit, { name: 'portable' }) }).click();
  const edit = page.getByRole('dialog', { name: say(fr.peerForm.titleEdit, { name: 'portable' }) });
  const g = edit.getByRole('group', { name: L.expires });
  assert.equal(await g.getByLabel(L.day, { exact: true }).inputValue(), '5');
  assert.equal(await g.getByLabel(L.month, { exact: true }).inputValue(), '12');
  assert.equal(await g.getByLabel(L.hour, { exact: true }).inputValue(), '14');
  await g.getByRole('button', { name: L.neverButton, exact: true }).click();
  await g.getByText(new RegExp(`^${L.never} · `)).waitFor();
  await edit.getByRole('button', { name: fr.common.save, exact: true }).click();
  await edit.waitFor({ state: 'detached', timeout: TIMEOUT });
  await r
    .locator('.c-expires')
    .getByText(fr.common.none, { exact: true })
    .waitFor({ timeout: TIMEOUT });
  const cleared = await api.call('peers.get', { id: stored.id });
  assert.equal(cleared.expiresAt, null);

  // Past its expiry (set by the contract: the field refuses the past), the row says so.
  await api.call('peers.update', { id: stored.id, expiresAt: Date.now() + 1500 });
  await r.locator('.c-expires').getByText(L.expired, { exact: true }).waitFor({ timeout: 30_000 });
  assert.deepEqual(browser.errors, []);
});

test('revoke from the peer page: the confirmation says it is permanent, the page says who revoked, config actions are gone, and the key is refused when pasted again', async () => {
  await openServer();
  const d = await newPeerDialog();
  await d.getByLabel(fr.peerForm.name, { exact: true }).fill('telephone');
  await d.getByRole('button', { name: fr.common.create, exact: true }).click();
  await d.waitFor({ state: 'detached', timeout: 30_000 });
  const [tel] = (await api.call('peers.list', { interfaceId: serverId })).filter(
    (p) => p.name === 'telephone',
  );
  assert.ok(tel !== undefined);
  // The row offers it too, beside the others.
  await row('telephone')
    .getByRole('button', { name: say(L.revokeRow, { name: 'telephone' }) })
    .waitFor();

  await row('telephone')
    .getByRole('button', { name: say(fr.row.open, { name: 'telephone' }) })
    .click();
  await page.getByRole('heading', { name: 'telephone', level: 1 }).waitFor();
  const main = page.getByRole('main');
  await main.getByRole('button', { name: say(L.revokeRow, { name: 'telephone' }) }).click();
  const confirm = page.getByRole('dialog', { name: say(L.revokeTitle, { name: 'telephone' }) });
  for (const line of [L.revokePermanent, L.revokeKey, L.revokeConfig, L.revokeRowStays])
    await confirm.getByText(line, { exact: true }).waitFor();
  await confirm.getByRole('button', { name: L.revokeSubmit, exact: true }).click();
  await confirm.waitFor({ state: 'detached', timeout: TIMEOUT });

  const banner = main.getByRole('status').filter({ hasText: /^Révoqué par / });
  await banner.waitFor({ timeout: TIMEOUT });
  assert.match(await banner.innerText(), new RegExp(`^Révoqué par \\S+ le `));
  for (const gone of [fr.row.config, L.revokeRow, fr.row.disconnect])
    assert.equal(
      await main.getByRole('button', { name: say(gone, { name: 'telephone' }) }).count(),
      0,
    );

  await openServer();
  // Its row in the table says why it is out, in the app's language (the status
  // cell's words come from the formatters), and offers only what is left: a
  // revoked peer has no session to cut or restore and no config to hand out.
  const revokedRow = row('telephone');
  await revokedRow
    .getByText(fr.lifecycle.out.revoked, { exact: true })
    .waitFor({ timeout: TIMEOUT });
  for (const left of [fr.row.edit, fr.row.delete])
    await revokedRow.getByRole('button', { name: say(left, { name: 'telephone' }) }).waitFor();
  for (const gone of [fr.row.config, L.revokeRow, fr.row.disconnect, fr.row.reconnect])
    assert.equal(
      await revokedRow.getByRole('button', { name: say(gone, { name: 'telephone' }) }).count(),
      0,
    );
  const again = await newPeerDialog();
  await again.getByLabel(fr.peerForm.name, { exact: true }).fill('telephone-2');
  await again.getByText(fr.peerForm.advanced, { exact: true }).click();
  const key = again.getByLabel(fr.peerForm.publicKey, { exact: true });
  await key.fill(tel.publicKey);
  await again.getByRole('button', { name: fr.common.create, exact: true }).click();
  await key.and(page.locator('[aria-invalid="true"]')).waitFor({ timeout: TIMEOUT });
  const peers = await api.call('peers.list', { interfaceId: serverId });
  assert.equal(
    peers.filter((p) => p.publicKey === tel.publicKey).length,
    1,
    'no second peer with the key',
  );
  const revoked = peers.find((p) => p.id === tel.id);
  assert.ok(revoked?.revokedAt !== null && revoked?.revokedAt !== undefined);
  await again.getByRole('button', { name: fr.common.cancel, exact: true }).click();
  assert.deepEqual(browser.errors, []);
});

test('a user’s monthly quota and their new peers’ quota keep the reset days chosen in the user dialog', async () => {
  await goTo(page, '#/users');
  await page.getByRole('button', { name: fr.users.add, exact: true }).click();
  const d = page.getByRole('dialog', { name: fr.users.titleNew });
  await d.getByLabel(fr.users.name, { exact: true }).fill('ana');
  await d.getByLabel(fr.quotaUi.userQuota, { exact: true }).fill('2000');
  await d.getByLabel(fr.quotaUi.peerQuota, { exact: true }).fill('300');
  const days = d.getByLabel(L.resetDay, { exact: true });
  assert.equal(await days.count(), 2, 'one reset day for each monthly quota');
  assert.deepEqual(await days.first().locator('option').allTextContents(), [
    ...Array.from({ length: 28 }, (_, i) => String(i + 1)),
  ]);
  await days.nth(0).selectOption('20');
  await days.nth(1).selectOption('3');
  // A quota in total has no reset day to choose.
  await d
    .getByLabel(fr.quotaUi.period, { exact: true })
    .nth(1)
    .selectOption({ label: fr.quotaUi.periods.total });
  assert.equal(await days.count(), 1);
  await d.getByRole('button', { name: fr.common.create, exact: true }).click();
  await d.waitFor({ state: 'detached', timeout: TIMEOUT });
  const ana = (await api.call('users.list', {})).find((u) => u.name === 'ana');
  assert.ok(ana !== undefined);
  assert.deepEqual(
    [ana.quotaBytes, ana.quotaPeriod, ana.quotaResetDay, ana.peerQuotaBytes, ana.peerQuotaPeriod],
    [2_000_000_000, 'month', 20, 300_000_000, 'total'],
  );
  assert.deepEqual(browser.errors, []);
});

test('with the quota and expiry columns, the peer table, the peer page and the peer dialog cut nothing off at 800×560 up to 1440×900, in all three languages', async () => {
  const found: string[] = [];
  const [portable] = (await api.call('peers.list', { interfaceId: serverId })).filter(
    (p) => p.name === 'portable',
  );
  assert.ok(portable !== undefined);
  const settings = new SettingsScreen(page);
  for (const language of ['Português (Brasil)', 'English', 'Français'] as const) {
    // The nav speaks the language being left: go by address.
    await goTo(page, '#/settings');
    await settings.chooseLanguage(language);
    for (const [width, height] of [
      [800, 560],
      [1000, 700],
      [1360, 820],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await openServer();
      await row('portable').or(page.getByRole('row').nth(1)).first().waitFor();
      for (const o of await overflowing(page))
        found.push(`${language} ${width} table: ${o.how} ${o.what}`);
      await goTo(page, `#/peers/${portable.id}`);
      await page.getByRole('heading', { name: 'portable', level: 1 }).waitFor();
      for (const o of await overflowing(page))
        found.push(`${language} ${width} peer: ${o.how} ${o.what}`);
    }
  }
  await page.setViewportSize({ width: 800, height: 560 });
  await openServer();
  const d = await newPeerDialog();
  for (const o of await overflowing(page)) found.push(`dialog 800: ${o.how} ${o.what}`);
  await d.getByRole('button', { name: fr.common.cancel, exact: true }).click();
  await page.setViewportSize({ width: 1360, height: 820 });
  assert.deepEqual(found, []);
});
