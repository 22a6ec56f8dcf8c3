import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserWindowConstructorOptions } from 'electron';
import { mainWindowOptions, passphraseWindowOptions } from '../../../main/app/window-options';

const PRELOAD = '/opt/wgdesk/resources/app.asar/dist/app/preload.cjs';

const windows: [string, (packaged: boolean) => BrowserWindowConstructorOptions][] = [
  ['main window', (packaged) => mainWindowOptions(PRELOAD, packaged)],
  [
    'passphrase window (create)',
    (packaged) => passphraseWindowOptions(PRELOAD, packaged, 'create'),
  ],
  [
    'passphrase window (unlock)',
    (packaged) => passphraseWindowOptions(PRELOAD, packaged, 'unlock'),
  ],
];

describe('window options', () => {
  for (const [name, options] of windows) {
    test(`${name}: no DevTools in a package, a sandboxed page without Node`, () => {
      assert.equal(options(true).webPreferences?.devTools, false);
      assert.equal(options(false).webPreferences?.devTools, true, 'development keeps DevTools');
      const prefs = options(true).webPreferences;
      assert.ok(prefs);
      assert.equal(prefs.preload, PRELOAD);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.nodeIntegrationInSubFrames, false);
      assert.equal(prefs.webviewTag, false);
      assert.equal(prefs.webSecurity, true);
    });
  }
});
