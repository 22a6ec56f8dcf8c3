// The Electron shell: one window, bound to the system service when it runs
// (then the window is only a client) or else to a runtime of its own. Kept
// thin on purpose: everything behind it is tested without Electron (the
// WebSocket transport runs the same router). Nothing else imports main/app.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron';
import { AppError } from '../../shared/errors';
import { PKEXEC } from '../host/helper-launch';
import { locateTools } from '../host/tools';
import { openRuntime, stderrLog } from '../runtime';
import { DEFAULT_SOCKET } from '../service/local-api';
import { BOX_METHODS, isBoxMethodName } from '../../shared/contract/boxes';
import { routed } from '../api/routes';
import { Desk } from '../remote/desk';
import { chooseEngine, INSTALL_OFFER, installArgv, localEngine, runtimeLink } from './engine';
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
  // The one password prompt of the session, when the window runs its own engine;
  // the helper exits with it.
  const plan = planPrivileges({
    platform: process.platform,
    uid: process.getuid?.(),
    execPath: process.execPath,
    // Outside app.asar (asarUnpack): it runs as root, so it lives in the package's
    // root-owned directory, and a Node runtime reads it as a plain file.
    helperEntry: join(root.replace(/app\.asar$/, 'app.asar.unpacked'), 'dist', 'app', 'helper.mjs'),
    pkexecInstalled: existsSync(PKEXEC),
  });
  const choice = await chooseEngine(process.env['WGDESK_SOCKET'] ?? DEFAULT_SOCKET);
  if (choice.kind === 'refused') throw new AppError('PermissionDenied', choice.reason);
  const engine =
    choice.kind === 'service'
      ? choice.link
      : runtimeLink(
          await openRuntime({
            dataDir,
            keySource,
            live: true,
            engine: 'window',
            log: stderrLog,
            host: await privilegedHost(plan, locateTools(), (line) => console.error(line)),
          }),
        );
  // The desktop's boxes: this user's list, agent and keys, whichever engine runs here.
  const desk = new Desk({
    dir: join(app.getPath('userData'), 'boxes'),
    ...(process.env['SSH_AUTH_SOCK'] === undefined
      ? {}
      : { agentSocket: process.env['SSH_AUTH_SOCK'] }),
  });
  const routes = routed(localEngine(engine), desk);
  const win = createMainWindow(join(root, 'dist', 'app', 'preload.cjs'));
  mainWindow = win;
  const methods = [...engine.methods, ...Object.keys(BOX_METHODS).filter(isBoxMethodName)];
  const unbind = bindIpc(routes, methods, win, stderrLog);
  const unforward = forwardEvents(routes, win);
  win.on('closed', () => {
    unforward();
    unbind();
  });
  if (choice.kind === 'window') void offerService(win, root);
  app.on('window-all-closed', () => {
    // With its own engine: quit only after the monitor saved its minute and the
    // database is closed. With the service: it keeps every duty; we only hang up.
    // The boxes keep every duty without us: their links are only closed.
    void desk
      .close()
      .then(() => engine.close())
      .then(
        () => app.quit(),
        (e: unknown) => {
          stderrLog('closing the engine failed', e);
          app.quit();
        },
      );
  });
}

/**
 * No service on this machine: the window runs the engine itself, and offers
 * once per launch to install the service so monitoring goes on without it.
 * The renderer says meanwhile that monitoring stops with the window (system.engine).
 */
async function offerService(win: BrowserWindow, root: string): Promise<void> {
  const answer = await dialog.showMessageBox(win, {
    type: 'question',
    buttons: ['Install the service', 'Not now'],
    defaultId: 0,
    cancelId: 1,
    ...INSTALL_OFFER,
  });
  if (answer.response !== 0) return;
  const cli = join(root.replace(/app\.asar$/, 'app.asar.unpacked'), 'dist', 'app', 'cli.mjs');
  const [program, ...args] = installArgv(process.execPath, cli);
  if (program === undefined) return;
  execFile(program, args, (error) => {
    if (error !== null) {
      dialog.showErrorBox('The wgdesk service was not installed', error.message);
      return;
    }
    void dialog.showMessageBox(win, {
      type: 'info',
      message: 'The wgdesk service is installed',
      detail: 'Restart wgdesk: the window will attach to the service.',
    });
  });
}

function fatal(e: unknown): void {
  stderrLog('wgdesk cannot start', e);
  // An AppError's message is written for people; anything else is in the log.
  const message = e instanceof AppError ? e.message : 'an unexpected error; see the wgdesk log';
  dialog.showErrorBox('wgdesk cannot start', message);
  app.exit(1);
}
