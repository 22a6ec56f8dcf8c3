// The options of wgdesk's windows. Types only from Electron, so the security
// settings are unit-tested without the Electron binary.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export type PassphrasePurpose = 'create' | 'unlock';

/**
 * Every window's page: sandboxed, isolated from its preload, no Node, no
 * <webview>. DevTools in development only: in a release, a console could call
 * every method the preload exposes, or read a passphrase as it is typed.
 */
function webPreferences(preload: string, packaged: boolean): WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Middle-click would open links in new windows (denied anyway by setWindowOpenHandler).
    disableBlinkFeatures: 'Auxclick',
    devTools: !packaged,
  };
}

/** The one window of the UI. */
export function mainWindowOptions(
  preload: string,
  packaged: boolean,
): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'wgdesk',
    webPreferences: webPreferences(preload, packaged),
  };
}

/** The small window that asks for the passphrase before the store opens. */
export function passphraseWindowOptions(
  preload: string,
  packaged: boolean,
  purpose: PassphrasePurpose,
): BrowserWindowConstructorOptions {
  return {
    width: 460,
    height: purpose === 'create' ? 300 : 240,
    resizable: false,
    show: false,
    title: 'wgdesk',
    webPreferences: webPreferences(preload, packaged),
  };
}
