import { chmod } from 'node:fs/promises';
import { app, BrowserWindow, type Session, type WebContents } from 'electron';
import { APP_ORIGIN } from './channels';
import { permissionAllowed } from './permissions';
import { mainWindowOptions } from './window-options';

/** The one window: a sandboxed page from app://, talking to main only through its preload. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const options = mainWindowOptions(preloadPath, app.isPackaged);
  const win = new BrowserWindow({
    ...options,
    // The security settings once more where the security scan (npm run security)
    // reads them: the same values window-options.ts builds and its unit test checks.
    webPreferences: {
      ...options.webPreferences,
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/**
 * For every web contents the app ever creates: no navigation away from the
 * loaded page, no new windows, no <webview>. The UI is one page; a link that
 * tried to leave it is a bug or an injection.
 */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * The UI needs no camera, notifications, clipboard-read, USB, HID or serial:
 * every request and check is denied but the clipboard write of its own page
 * (permissions.ts), without which Copy fails.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, origin) =>
    permissionAllowed(permission, origin),
  );
  session.setDevicePermissionHandler(() => false);
}

/**
 * Exports (a server's .conf, the clients' zip) hold private keys. The page
 * saves them as ordinary downloads, which the OS creates with the user's
 * umask (often world-readable); once saved, they are narrowed to 0600, as
 * wg-quick expects of its files.
 */
export function privateDownloads(session: Session): void {
  session.on('will-download', (_event, item) => {
    item.once('done', (_e, state) => {
      const path = item.getSavePath();
      if (state === 'completed' && /\.(conf|zip)$/i.test(path)) {
        chmod(path, 0o600).catch((e: unknown) => console.error(`wgdesk: chmod ${path}:`, e));
      }
    });
  });
}
