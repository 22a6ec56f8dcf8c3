// The Electron shell: one window, one runtime, IPC bound to the router. Kept
// thin on purpose: everything behind it is tested without Electron (the
// WebSocket transport runs the same router). Nothing else imports main/app.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron';
import { AppError } from '../../shared/errors';
import { PKEXEC } from '../host/helper-launch';
import { locateTools } from '../host/tools';
import { openRuntime, stderrLog } from '../runtime';
import { bindIpc, forwardEvents } from './ipc';
import { passphraseDialog } from './passphrase-window';
import { planPrivileges, privilegedHost, rootRefusal } from './privileged';
import { registerAppScheme, serveAppScheme } from './protocol';
import { SafeStorageKeySource } from './safe-storage-key';
import { createMainWindow, denyAllPermissions, hardenContents, privateDownloads } from './window';

let mainWindow: BrowserWindow | undefined;

const refusal = rootRefusal(process.getuid?.());
if (refusal !== null) {
  // Before `ready` Linux shows no dialog: this goes to stderr there.
  dialog.showErrorBox('wgdesk cannot start', refusal);
  app.exit(1);
} else {
  boot();
}

function boot(): void {
  // Both must happen before `ready`.
  registerAppScheme();
  app.enableSandbox();
  // A second instance would open the same database and run its own mutation
  // queue beside ours: it hands over to the first one and quits instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow === undefined || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  app.whenReady().then(start, fatal).catch(fatal);
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  privateDownloads(session.defaultSession);
  // Packaged: app.asar; from the source tree: the repository (package.json "main").
  const root = app.getAppPath();
  serveAppScheme(join(root, 'dist', 'renderer'));
  // A subdirectory, so our files don't mix with Chromium's (Cookies, Local Storage, …).
  const dataDir = join(app.getPath('userData'), 'data');
  const ask = passphraseDialog(join(root, 'dist', 'app', 'passphrase-preload.cjs'));
  const keySource = new SafeStorageKeySource(dataDir, safeStorage, ask);
  // The one password prompt of the session; the helper exits with the runtime.
  const plan = planPrivileges({
    platform: process.platform,
    uid: process.getuid?.(),
    execPath: process.execPath,
    // Outside app.asar (asarUnpack): it runs as root, so it lives in the package's
    // root-owned directory, and a Node runtime reads it as a plain file.
    helperEntry: join(root.replace(/app\.asar$/, 'app.asar.unpacked'), 'dist', 'app', 'helper.mjs'),
    pkexecInstalled: existsSync(PKEXEC),
  });
  const host = await privilegedHost(plan, locateTools(), (line) => console.error(line));
  const runtime = await openRuntime({ dataDir, keySource, live: true, log: stderrLog, host });

  const win = createMainWindow(join(root, 'dist', 'app', 'preload.cjs'));
  mainWindow = win;
  const unbind = bindIpc(runtime.router, win, stderrLog);
  const unforward = forwardEvents(runtime.events, win);
  win.on('closed', () => {
    unforward();
    unbind();
  });
  app.on('window-all-closed', () => {
    // Quit only after the monitor saved its minute and the database is closed.
    void runtime.close().then(
      () => app.quit(),
      (e: unknown) => {
        stderrLog('closing the runtime failed', e);
        app.quit();
      },
    );
  });
}

function fatal(e: unknown): void {
  stderrLog('wgdesk cannot start', e);
  // An AppError's message is written for people; anything else is in the log.
  const message = e instanceof AppError ? e.message : 'an unexpected error; see the wgdesk log';
  dialog.showErrorBox('wgdesk cannot start', message);
  app.exit(1);
}
