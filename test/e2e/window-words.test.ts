/**
 * Every word from the catalogue (issue 15, points 4 and 9): on a real
 * installation (serve, wireguard-go servers, clients that connected, an
 * admin's disconnect; seed.ts), the French and Portuguese windows show no
 * English word — the logs' reasons and audit entries included — except names
 * (servers, peers, users, the actor) and the few words that are the same in
 * every language (units, product and command names). And an imported file
 * keeps the names its comments gave its peers.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { useRig } from '../integration/rig';
import { en } from '../../renderer/i18n/en';
import { fr } from '../../renderer/i18n/fr';
import { ptBR } from '../../renderer/i18n/pt-BR';
import { openApi, type Api } from './api';
import { launch, type Browser } from './browser';
import { importConfFile, WgdeskWindow } from './pages';
import { seedInstallation, type Seeded } from './seed';
import { chromiumInNamespace, startServe, type ServeProcess } from './serve-process';
import { drawn, goTo, shownWords } from './window';

const rig = useRig();
const OUT = 'test-results/window';
let ns = '';
let serve: ServeProcess | undefined;
let api: Api | undefined;
let seeded: Seeded | undefined;
let browser: Browser;

before(async () => {
  ns = await rig.namespace('s');
  serve = await startServe(ns, join(rig.dir, 'data'));
  api = await openApi(ns, serve.url);
  [seeded, browser] = await Promise.all([
    seedInstallation(rig, ns, api),
    launch({ executablePath: chromiumInNamespace(rig.dir, ns) }),
  ]);
});

after(async () => {
  seeded?.stop();
  await browser?.close();
  api?.close();
  await serve?.stop();
});

type Catalogue = { readonly [k: string]: string | Catalogue };

/** Every word of a catalogue's sentences, lower-cased, placeholders and markup left out. */
function words(c: Catalogue, into = new Set<string>()): Set<string> {
  for (const v of Object.values(c)) {
    if (typeof v !== 'string') words(v, into);
    else {
      const text = v.replace(/\{\{[^}]*\}\}/g, ' ').replace(/<[^>]*>/g, ' ');
      for (const w of text.toLowerCase().split(/[^\p{L}’']+/u)) if (w.length > 1) into.add(w);
    }
  }
  return into;
}

/**
 * Words every language shows as they are: units, product and command names
 * (the service banner's "sudo wgdesk service install" is a command to type),
 * and the protocol words the catalogues keep in English on purpose.
 */
const SAME_EVERYWHERE = [
  'wgdesk',
  // The settings page's restore command: wgdesk restore FILE --data-dir DIR.
  'restore',
  'file',
  'data',
  'wireguard',
  'wg',
  'quick',
  'go',
  'tools',
  'sudo',
  'apt',
  'service',
  'install',
  'serve',
  // The settings page's command to turn scripts on or off.
  'on',
  'off',
  'conf',
  'etc',
  'dns',
  'mtu',
  'ipv',
  'csv',
  'qr',
  'kib',
  'mib',
  'gib',
  'tib',
  'kio',
  'mio',
  'gio',
  'tio',
  'am',
  'pm',
];

/** Names on the page: servers, peers, users, and who did what. */
async function names(): Promise<Set<string>> {
  assert.ok(api !== undefined);
  const out = new Set<string>(['admin', 'monitor', 'example', 'com']);
  const add = (s: string): void => {
    for (const w of s.toLowerCase().split(/[^\p{L}’']+/u)) if (w.length > 1) out.add(w);
  };
  for (const s of await api.call('interfaces.list', {})) {
    add(s.name);
    for (const p of await api.call('peers.list', { interfaceId: s.id })) add(p.name);
  }
  for (const u of await api.call('users.list', {})) add(u.name);
  return out;
}

/** What each page is, by address; the audit tab is the logs page's second tab. */
async function pages(): Promise<[string, string][]> {
  assert.ok(api !== undefined && seeded !== undefined);
  const servers = await api.call('interfaces.list', {});
  const hq = servers.find((s) => s.name === seeded?.hq);
  assert.ok(hq !== undefined);
  const [first] = await api.call('peers.list', { interfaceId: hq.id });
  assert.ok(first !== undefined);
  return [
    ['servers', '#/servers'],
    ['peers', `#/servers/${hq.id}`],
    ['peer', `#/peers/${first.id}`],
    ['network', `#/servers/${hq.id}/network`],
    ['server-settings', `#/servers/${hq.id}/settings`],
    ['server-history', `#/servers/${hq.id}/history`],
    ['users', '#/users'],
    ['logs', '#/logs'],
    ['audit', '#/logs'],
    ['settings', '#/settings'],
  ];
}

test('the French and Portuguese windows show no English word, logs included', () =>
  browser.capturingFailure(`${OUT}/failed-words.png`, async () => {
    assert.ok(serve !== undefined);
    const page = browser.page;
    await new WgdeskWindow(page).open(serve.url);
    const english = words(en);
    const allowed = new Set([...SAME_EVERYWHERE, ...(await names())]);
    const found: Record<string, string[]> = {};
    for (const [lang, label, catalogue] of [
      ['fr', 'Français', fr],
      ['pt-BR', 'Português (Brasil)', ptBR],
    ] as const) {
      await goTo(page, '#/settings');
      await page.getByRole('radio', { name: label }).check();
      const own = words(catalogue);
      for (const [name, hash] of await pages()) {
        await goTo(page, hash);
        if (name === 'audit') await page.getByRole('tab').nth(1).click();
        await drawn(page, name);
        const shown = await shownWords(page);
        const bad = [
          ...new Set(
            shown
              .map((w) => w.toLowerCase())
              .filter((w) => english.has(w) && !own.has(w) && !allowed.has(w)),
          ),
        ];
        if (bad.length > 0) found[`${lang} ${name}`] = bad;
      }
    }
    await goTo(page, '#/settings');
    await page.getByRole('radio', { name: 'English' }).check();
    assert.deepEqual(found, {}, 'English words in the French and Portuguese windows');
  }));

test('import: a comment above a [Peer] becomes its name, in the conventions of people, wg-easy and PiVPN', () =>
  browser.capturingFailure(`${OUT}/failed-import.png`, async () => {
    assert.ok(serve !== undefined);
    const key = async (): Promise<string> => (await rig.exec(ns, 'wg', ['genkey'])).trim();
    const pub = async (): Promise<string> =>
      (await rig.exec(ns, 'wg', ['pubkey'], await key())).trim();
    const name = rig.name('im');
    const text = [
      '[Interface]',
      `PrivateKey = ${await key()}`,
      'ListenPort = 51870',
      'Address = 10.77.0.1/24',
      '',
      "# Ana's laptop",
      '[Peer]',
      `PublicKey = ${await pub()}`,
      'AllowedIPs = 10.77.0.2/32',
      '',
      '# Client: Bo (9f1c2e7a-0b5d-4c1e-8a4f-2d6e7f8a9b0c)',
      '[Peer]',
      `PublicKey = ${await pub()}`,
      'AllowedIPs = 10.77.0.3/32',
      '### begin carla-phone ###',
      '[Peer]',
      `PublicKey = ${await pub()}`,
      'AllowedIPs = 10.77.0.4/32',
      '### end carla-phone ###',
      '[Peer]',
      `PublicKey = ${await pub()}`,
      'AllowedIPs = 10.77.0.5/32',
      '',
    ].join('\n');
    const page = browser.page;
    const servers = await new WgdeskWindow(page).open(serve.url);
    await importConfFile(page, { name, text }, '192.0.2.1:51870');
    const peers = await servers.openServer(name);
    for (const peer of ["Ana's laptop", 'Bo', 'carla-phone', 'peer 4']) {
      await peers.waitForStatus(peer, 'Never connected');
    }
    const server = (await api?.call('interfaces.list', {}))?.find((s) => s.name === name);
    assert.equal(server?.publicEndpoint, '192.0.2.1:51870', 'the endpoint asked for is kept');
    assert.equal(server?.up, true, 'brought up from the import dialog');
  }));

test('import in French: a bad line keeps its place, and what is not kept is said in French', () =>
  browser.capturingFailure(`${OUT}/failed-import-fr.png`, async () => {
    assert.ok(serve !== undefined);
    const key = async (): Promise<string> => (await rig.exec(ns, 'wg', ['genkey'])).trim();
    const pub = (await rig.exec(ns, 'wg', ['pubkey'], await key())).trim();
    const file = async (peerLine: string): Promise<string> =>
      [
        '[Interface]',
        `PrivateKey = ${await key()}`,
        'ListenPort = 51871',
        'Address = 10.78.0.1/24',
        '',
        '[Peer]',
        `PublicKey = ${pub}`,
        peerLine,
        '',
      ].join('\n');
    const page = browser.page;
    await new WgdeskWindow(page).open(serve.url);
    await goTo(page, '#/settings');
    await page.getByRole('radio', { name: 'Français' }).check();
    await goTo(page, '#/servers');
    await page.getByRole('main').getByRole('button', { name: fr.importForm.title }).click();
    const d = page.getByRole('dialog', { name: fr.importForm.title });
    const name = rig.name('fr');
    const pick = async (text: string): Promise<void> => {
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        d.getByText(fr.importForm.file, { exact: true }).click(),
      ]);
      await chooser.setFiles({
        name: `${name}.conf`,
        mimeType: 'text/plain',
        buffer: Buffer.from(text),
      });
      await d.getByRole('button', { name: fr.servers.import, exact: true }).click();
    };
    await pick(await file('AllowedIPs = 10.78.0.300/32'));
    // Line 8 of the file, named in French before what is wrong with its value.
    await d
      .getByRole('alert')
      .getByText(/^Ligne 8, AllowedIPs\u202f: /)
      .waitFor();
    await pick(await file('Jc = 4'));
    await d.getByText('Ligne 8\u202f: Clé inconnue « Jc » dans [Peer] ignorée.').waitFor();
    await d.getByRole('button', { name: fr.common.close, exact: true }).click();
    await goTo(page, '#/settings');
    await page.getByRole('radio', { name: 'English' }).check();
  }));
