// Preload of the passphrase dialog. The page is plain HTML with no script (its
// CSP forbids any); this isolated-world script reads the form and sends the
// answer on the one channel. The page itself gets nothing exposed.
import { ipcRenderer } from 'electron';
import { PASSPHRASE_CHANNEL } from './channels';

// The main project compiles without the DOM library (main is Node); these are
// the few DOM members this preload touches, declared for this file only.
interface DialogElement {
  readonly value?: string;
  textContent: string | null;
  addEventListener(type: 'submit' | 'click', fn: (e: { preventDefault(): void }) => void): void;
}
declare const document: { getElementById(id: string): DialogElement | null };
declare const window: { addEventListener(type: 'DOMContentLoaded', fn: () => void): void };

window.addEventListener('DOMContentLoaded', () => {
  const problem = document.getElementById('problem');
  document.getElementById('form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const pass = document.getElementById('pass')?.value ?? '';
    const confirm = document.getElementById('confirm');
    if (confirm !== null && confirm.value !== pass) {
      if (problem !== null) problem.textContent = 'The two passphrases differ.';
      return;
    }
    ipcRenderer.send(PASSPHRASE_CHANNEL, pass);
  });
  document.getElementById('cancel')?.addEventListener('click', () => {
    ipcRenderer.send(PASSPHRASE_CHANNEL, null);
  });
});
