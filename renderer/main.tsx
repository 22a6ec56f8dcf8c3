import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/connect';
import { App } from './app/App';
import { AppProvider } from './app/context';
import { loadRoute } from './app/history';
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

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

const store = createAppStore();
loadPreferences(store);
initI18n(resolveLanguage(store.getState().language));
// After connect(): it takes the token out of the fragment first.
const client = connect();
loadRoute(store);
startSync(client, store);

createRoot(root).render(
  <StrictMode>
    <AppProvider client={client} store={store}>
      <App />
    </AppProvider>
  </StrictMode>,
);
