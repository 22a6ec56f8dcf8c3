import { app, BrowserWindow, ipcMain, type IpcMainEvent } from 'electron';
import { PASSPHRASE_CHANNEL } from './channels';
import type { AskPassphrase } from './safe-storage-key';
import { MIN_PASSPHRASE } from './safe-storage-key';
import { passphraseWindowOptions, type PassphrasePurpose } from './window-options';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(purpose: PassphrasePurpose, problem: string | undefined): string {
  const intro =
    purpose === 'create'
      ? `This computer has no keyring wgdesk can use, so your WireGuard keys will be encrypted with a passphrase. Choose one (at least ${MIN_PASSPHRASE} characters); wgdesk asks for it at every start. It cannot be recovered.`
      : 'Enter the passphrase that protects your WireGuard keys.';
  const confirm =
    purpose === 'create'
      ? '<p><label>Again <input id="confirm" type="password" autocomplete="new-password" required></label></p>'
      : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; form-action 'none'">
<title>wgdesk: passphrase</title></head><body>
<p>${escape(intro)}</p>
<form id="form">
<p><label>Passphrase <input id="pass" type="password" autocomplete="${purpose === 'create' ? 'new-password' : 'current-password'}" required autofocus></label></p>
${confirm}
<p id="problem" role="alert">${escape(problem ?? '')}</p>
<p><button type="submit">OK</button> <button type="button" id="cancel">Cancel</button></p>
</form></body></html>`;
}

/**
 * A small sandboxed window that asks for the passphrase. It runs before the
 * store opens (the key is needed to open it), so it speaks no contract: one
 * message back on its own channel, accepted only from this window.
 */
export function passphraseDialog(preloadPath: string): AskPassphrase {
  return (purpose, problem) =>
    new Promise((resolve) => {
      const options = passphraseWindowOptions(preloadPath, app.isPackaged, purpose);
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
      let settled = false;
      const done = (answer: string | null): void => {
        if (settled) return;
        settled = true;
        ipcMain.removeListener(PASSPHRASE_CHANNEL, onAnswer);
        if (!win.isDestroyed()) win.close();
        resolve(answer);
      };
      const onAnswer = (event: IpcMainEvent, answer: unknown): void => {
        if (win.isDestroyed() || event.sender.id !== win.webContents.id) return;
        done(typeof answer === 'string' ? answer : null);
      };
      ipcMain.on(PASSPHRASE_CHANNEL, onAnswer);
      win.on('closed', () => done(null));
      win.once('ready-to-show', () => win.show());
      void win.loadURL(
        `data:text/html;charset=utf-8,${encodeURIComponent(page(purpose, problem))}`,
      );
    });
}
