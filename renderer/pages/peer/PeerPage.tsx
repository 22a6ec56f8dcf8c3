import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { QuotaBar } from '../lifecycle/QuotaBar';
import { ExpiryText, RevokedBanner } from '../lifecycle/PeerLifecycle';
import { useTranslation } from 'react-i18next';
import { isClientError } from '../../api/errors';
import { useNow } from '../../app/clock';
import { useApp, useClient } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useActions } from '../../app/use-action';
import { Icon } from '../../components/Icon';
import { PageMessage } from '../../components/PageMessage';
import { StatusDot } from '../../components/StatusDot';
import { liveView } from '../../lib/live-view';
import { serverById } from '../../store/interfaces';
import { useLog } from '../logs/use-log';
import { usePeerActions } from '../peers/peer-actions';
import { ConnectionTable } from './ConnectionTable';
import { HistoryChart } from './HistoryChart';
import { reasonWords } from '../../lib/log-words';
import type { PeerView } from '../../../shared/contract';
import type { TFunction } from 'i18next';

/** The live numbers, large: what an admin opens a peer to see. */
function LiveStrip({ peer }: { peer: PeerView }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const now = useNow();
  // The stats object is updated in place (lib/stats.ts): the version says when it moved.
  useApp((s) => s.statsVersion);
  const v = liveView(
    peer,
    useApp((s) => s.live.byId.get(peer.id)),
  );
  const item = (label: string, value: string): ReactNode => (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <dl className="stats">
      <div className="stat">
        <dt>{t('columns.status')}</dt>
        <dd>
          <StatusDot status={v.status} label={t(`status.${v.status}`)} />
        </dd>
      </div>
      {item(
        t('columns.handshake'),
        v.lastHandshake === null ? t('common.none') : f.ago(v.lastHandshake, now),
      )}
      {item(t('columns.endpoint'), v.endpoint ?? t('common.none'))}
      {item(`${t('columns.rx')} ${t('columns.rxHint')}`, f.bytes(v.rx))}
      {item(`${t('columns.tx')} ${t('columns.txHint')}`, f.bytes(v.tx))}
      {item(`${t('columns.rate')} (${t('live.rateHint')})`, f.rate(v.rate))}
      {item(t('speed.label'), speedText(peer, t))}
    </dl>
  );
}

/** Speed limits (issue 12): what applies each way, and whether it is the owner's default. */
function speedText(peer: PeerView, t: TFunction): string {
  const one = (kbps: number | null): string =>
    kbps === null ? t('speed.none') : kbps >= 1000 ? `${kbps / 1000} Mbit/s` : `${kbps} kbit/s`;
  const text = t('speed.value', { down: one(peer.speedDownKbps), up: one(peer.speedUpKbps) });
  const inherited =
    (peer.bandwidthDownKbps === null && peer.speedDownKbps !== null) ||
    (peer.bandwidthUpKbps === null && peer.speedUpKbps !== null);
  return inherited ? `${text} (${t('speed.fromOwner')})` : text;
}

/** The peer row's actions, as labelled buttons. */
function PeerToolbar({ peer }: { peer: PeerView }): ReactNode {
  const { row } = useFormatters();
  const actions = usePeerActions(peer);
  return (
    <div className="toolbar">
      {actions.map((a) => (
        <button
          key={a.slot}
          type="button"
          className={a.danger ? 'danger' : undefined}
          onClick={a.run}
        >
          <Icon name={a.icon} />
          {row[a.id](peer.name)}
        </button>
      ))}
    </div>
  );
}

function Details({ peer }: { peer: PeerView }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const owner = useApp((s) =>
    peer.userId === null ? null : (s.users?.find((u) => u.id === peer.userId)?.name ?? null),
  );
  const rows: [string, ReactNode][] = [
    [t('peer.publicKey'), <code key="k">{peer.publicKey}</code>],
    [t('peer.addresses'), peer.addresses.join(', ')],
    [t('peer.type'), t(`peerType.${peer.type}`)],
    [t('peer.owner'), owner ?? t('common.none')],
    [t('peer.email'), peer.email ?? t('common.none')],
    [t('peer.tunnelMode'), t(`tunnel.${peer.tunnelMode}`)],
    [
      t('peer.extraNetworks'),
      peer.extraNetworks.length > 0 ? peer.extraNetworks.join(', ') : t('common.none'),
    ],
    [
      t('peer.keepalive'),
      peer.keepalive > 0 ? t('peer.seconds', { n: peer.keepalive }) : t('peer.off'),
    ],
    [t('peer.presharedKey'), peer.hasPresharedKey ? t('peer.yes') : t('peer.no')],
    [t('peer.privateKey'), peer.hasPrivateKey ? t('peer.yes') : t('peer.no')],
    [t('quotaUi.title'), <QuotaBar key="q" used={peer.quotaUsed} bytes={peer.quotaBytes} />],
    [t('lifecycleWindow.expires'), <ExpiryText key="e" peer={peer} />],
    [t('peer.created'), f.dateTime(peer.createdAt)],
    [t('peer.updated'), f.dateTime(peer.updatedAt)],
  ];
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">{t('peer.details')}</h2>
      <RevokedBanner peer={peer} />
      {peer.disconnected && (
        <p className="banner banner-warn">
          {peer.disconnectedUntil !== null
            ? t('peer.disconnectedUntil', { time: f.dateTime(peer.disconnectedUntil) })
            : t('status.disconnected')}
          {peer.disconnectReason !== null &&
            ` · ${t('peer.reason', { reason: reasonWords(t, peer.disconnectReason, f.locale) })}`}
        </p>
      )}
      <dl className="details">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Everything about one peer: live numbers, settings, traffic history, connection log. */
export function PeerPage({ peerId }: { peerId: number }): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const peer = useApp((s) => s.peerById.get(peerId));
  const server = useApp((s) => (peer === undefined ? undefined : serverById(s, peer.interfaceId)));
  const upsertPeers = useApp((s) => s.upsertPeers);
  const { openServer } = useActions();
  const [missing, setMissing] = useState(false);
  const log = useLog('connections.list', { peerId, limit: 50 });
  // The page that opens takes focus at its title: the button that opened it
  // is gone, and focus left on <body> would start the next Tab from the top.
  const focusTitle = useCallback((el: HTMLHeadingElement | null) => el?.focus(), []);

  // Opened from the logs or after a reload: the peer may not be in the store yet.
  useEffect(() => {
    if (peer !== undefined) return;
    client.call('peers.get', { id: peerId }).then(
      (p) => upsertPeers([p]),
      (e: unknown) => (isClientError(e) && e.kind === 'NotFound' ? setMissing(true) : undefined),
    );
  }, [client, peerId, peer, upsertPeers]);

  if (missing) return <PageMessage text={t('peer.notFound')} />;
  if (peer === undefined) return <PageMessage text={t('common.loading')} />;
  return (
    <main className="page" aria-labelledby="page-title">
      <header className="page-head">
        <div className="title-block">
          {server !== undefined && (
            <button type="button" className="back" onClick={() => openServer(server.id)}>
              <Icon name="back" />
              {t('peer.back', { name: server.name })}
            </button>
          )}
          <h1 id="page-title" tabIndex={-1} ref={focusTitle}>
            {peer.name}
          </h1>
        </div>
        <PeerToolbar peer={peer} />
      </header>
      <LiveStrip peer={peer} />
      <div className="columns">
        <HistoryChart
          source={{ kind: 'peer', id: peer.id }}
          name={peer.name}
          title={t('peer.history')}
        />
        <Details peer={peer} />
      </div>
      <section className="card" aria-labelledby="log-title">
        <h2 id="log-title">{t('peer.connections')}</h2>
        {/* Secondary to the peer: a log that cannot be read shows as empty, not as an error. */}
        <ConnectionTable entries={log.error === null ? log.entries : []} showPeer={false} />
      </section>
    </main>
  );
}
