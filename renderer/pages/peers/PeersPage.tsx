import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { DriftBanner } from '../../components/DriftBanner';
import { peerCountOf, serverById } from '../../store/interfaces';
import { Icon } from '../../components/Icon';
import { PageMessage } from '../../components/PageMessage';
import { PeerTable } from './PeerTable';
import { useVisiblePeers } from './visible-peers';
import { Toolbar } from './Toolbar';
import { useSetServerUp } from '../servers/BringDown';
import { HistoryChart } from '../peer/HistoryChart';
import { LivePace } from './LivePace';

/**
 * The server's total traffic over time (issue 15, point 12), folded by
 * default so the table keeps the height; read from main only while open.
 */
function ServerTraffic({ interfaceId, name }: { interfaceId: number; name: string }): ReactNode {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="server-traffic" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('window.serverChart.summary', { name })}</summary>
      {open && (
        <HistoryChart
          source={{ kind: 'server', id: interfaceId }}
          name={name}
          title={t('window.serverChart.title', { name })}
        />
      )}
    </details>
  );
}

/** One server: its state and actions, drift if any, and the live peer table. */
export function PeersPage({ interfaceId }: { interfaceId: number }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const iface = useApp((s) => serverById(s, interfaceId));
  const peerCount = useApp((s) => (iface === undefined ? 0 : peerCountOf(s, iface)));
  const loaded = useApp((s) => s.peerIdsByInterface[interfaceId] !== undefined);
  // A number: the page re-renders when it moves, not on every status push (issue 17).
  const online = useApp((s) => s.live.onlineByInterface.get(interfaceId) ?? 0);
  const openDialog = useApp((s) => s.openDialog);
  const navigate = useApp((s) => s.navigate);
  const { run } = useAction('as-notice');
  const setUp = useSetServerUp();
  const { rows, total } = useVisiblePeers(interfaceId);

  if (iface === undefined) return <PageMessage text={t('common.loading')} />;
  const name = iface.name;
  return (
    <main className="page page-fill" aria-labelledby="page-title">
      <header className="page-head">
        <div className="title-block">
          <h1 id="page-title">{name}</h1>
          <span className={`badge ${iface.up ? 'badge-up' : 'badge-down'}`}>
            {iface.up ? t('servers.up') : t('servers.down')}
          </span>
          <span className="subtle">
            {[
              iface.ipv4Address,
              iface.ipv6Address,
              iface.listenPort === null ? null : `:${iface.listenPort}`,
            ]
              .filter((x) => x !== null)
              .join('  ·  ')}
            {'  ·  '}
            {t('servers.peers')}: {f.count(online)} / {f.count(peerCount)}
          </span>
          <LivePace />
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => navigate({ page: 'network', interfaceId })}>
            <Icon name="gear" />
            {t('network.open')}
          </button>
          <button type="button" onClick={() => navigate({ page: 'server-settings', interfaceId })}>
            <Icon name="gear" />
            {t('serverPages.settings')}
          </button>
          <button type="button" onClick={() => navigate({ page: 'server-history', interfaceId })}>
            <Icon name="list" />
            {t('serverPages.history')}
          </button>
          <button type="button" onClick={() => setUp(iface)}>
            <Icon name="power" />
            {iface.up ? t('servers.bringDown', { name }) : t('servers.bringUp', { name })}
          </button>
          <button
            type="button"
            aria-label={t('servers.exportClients', { name })}
            onClick={() => void run((a) => a.exportClients(iface.id))}
          >
            <Icon name="download" />
            {t('peers.exportClients')}
          </button>
          <button
            type="button"
            aria-label={t('peers.addManyTo', { name })}
            onClick={() => openDialog({ kind: 'peer-bulk', interfaceId })}
          >
            <Icon name="plus" />
            {t('peers.addMany')}
          </button>
          <button
            type="button"
            className="primary"
            aria-label={t('peers.addTo', { name })}
            onClick={() => openDialog({ kind: 'peer-form', interfaceId, peerId: null })}
          >
            <Icon name="plus" />
            {t('peers.add')}
          </button>
        </div>
      </header>
      <DriftBanner iface={iface} />
      <ServerTraffic interfaceId={interfaceId} name={name} />
      <Toolbar serverName={name} shown={rows.length} total={total} />
      {loaded ? (
        <PeerTable rows={rows} total={total} label={t('peers.table', { name })} />
      ) : (
        <p className="empty">{t('common.loading')}</p>
      )}
    </main>
  );
}
