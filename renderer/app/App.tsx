import { useEffect, type ReactNode } from 'react';
import { missingCase } from '../../shared/errors';
import { BoxBanner } from '../boxes/BoxBanner';
import { EngineNote } from '../components/EngineNote';
import { ErrorScreen } from '../components/ErrorScreen';
import { LinkBanner, useLinkOpen } from '../components/LinkBanner';
import { TokenScreen } from '../components/TokenScreen';
import { Notices } from '../components/Notices';
import { QuotaWarnings } from '../pages/lifecycle/QuotaWarnings';
import { HistoryPage } from '../pages/history/HistoryPage';
import { LogsPage } from '../pages/logs/LogsPage';
import { PeerPage } from '../pages/peer/PeerPage';
import { NetworkPage } from '../pages/network/NetworkPage';
import { PeersPage } from '../pages/peers/PeersPage';
import { ServersPage } from '../pages/servers/ServersPage';
import { ServerSettingsPage } from '../pages/servers/settings/ServerSettingsPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { UsersPage } from '../pages/users/UsersPage';
import type { Route } from '../store/ui';
import { reloadAll } from '../store/sync';
import { useApp, useClient, useStoreApi } from './context';
import { DialogHost } from './DialogHost';
import { useHistorySync } from './history';
import { usePreferences } from './preferences';
import { Sidebar } from './Sidebar';
import { useActions } from './use-action';

function Page({ route }: { route: Route }): ReactNode {
  switch (route.page) {
    case 'servers':
      return <ServersPage />;
    case 'peers':
      return <PeersPage key={route.interfaceId} interfaceId={route.interfaceId} />;
    case 'peer':
      return <PeerPage key={route.peerId} peerId={route.peerId} />;
    case 'network':
      return <NetworkPage key={route.interfaceId} interfaceId={route.interfaceId} />;
    case 'server-settings':
      return <ServerSettingsPage key={route.interfaceId} interfaceId={route.interfaceId} />;
    case 'server-history':
      return <HistoryPage key={route.interfaceId} interfaceId={route.interfaceId} />;
    case 'users':
      return <UsersPage />;
    case 'logs':
      return <LogsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return missingCase(route);
  }
}

/** A peers page opened before its list was loaded (e.g. after a reload): fetch it. */
function useEnsurePeersLoaded(route: Route): void {
  const { openServer } = useActions();
  const interfaceId = route.page === 'peers' ? route.interfaceId : null;
  useEffect(() => {
    if (interfaceId !== null) openServer(interfaceId);
  }, [interfaceId, openServer]);
}

export function App(): ReactNode {
  usePreferences();
  useHistorySync();
  const route = useApp((s) => s.route);
  const blocking = useApp((s) => s.blocking);
  const link = useApp((s) => s.link);
  const live = useLinkOpen();
  const clearBlocking = useApp((s) => s.clearBlocking);
  const client = useClient();
  const store = useStoreApi();
  useEnsurePeersLoaded(route);

  if (link.kind === 'refused') return <TokenScreen />;
  if (blocking !== null) {
    return (
      <ErrorScreen
        error={blocking}
        onRetry={() => {
          clearBlocking();
          void reloadAll(client, store);
        }}
      />
    );
  }
  return (
    <div className="shell">
      <Sidebar />
      {/* While main cannot answer, every control of the page is off at once
          (a disabled fieldset), and live values are greyed (the stale class):
          the banner above them says why. */}
      <fieldset className={live ? 'content' : 'content stale'} disabled={!live}>
        <LinkBanner />
        <BoxBanner />
        <EngineNote />
        <Page route={route} />
      </fieldset>
      <DialogHost />
      <Notices />
      <QuotaWarnings />
    </div>
  );
}
