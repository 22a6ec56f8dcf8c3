import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { pickTransport } from './api/connect';
import { App } from './app/App';
import { DeskProvider } from './boxes/context';
import { Desk } from './boxes/desk';
import { loadPlace } from './app/history';
import { loadPreferences } from './app/preferences';
import { initI18n, resolveLanguage } from './i18n';
import { createAppStore } from './store';
import { startSync } from './store/sync';
import './styles/base.css';
import './styles/layout.css';
import './styles/table.css';
import './styles/dialog.css';
import './styles/sizes.css';
import './styles/interaction.css';
import './styles/lifecycle.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

const store = createAppStore();
loadPreferences(store);
initI18n(resolveLanguage(store.getState().language));
// After pickTransport(): it takes the token out of the fragment first.
const transport = pickTransport();
const client = createClient(transport);
startSync(client, store);
// This machine's workspace, and one per box the desktop keeps (boxes/desk.ts).
const desk = new Desk(transport, { client, store });
// The engine and page the address names (#/box/2/servers/5): a reload stays where it was.
loadPlace(desk);

createRoot(root).render(
  <StrictMode>
    <DeskProvider desk={desk}>
      <App />
    </DeskProvider>
  </StrictMode>,
);
