import { memo, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerView } from '../../../shared/contract';
import { useNow } from '../../app/clock';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction, useActions } from '../../app/use-action';
import { Icon } from '../../components/Icon';
import { IconButton } from '../../components/IconButton';
import { StatusDot } from '../../components/StatusDot';
import { shortAddress } from '../../lib/format';
import { liveView, type LiveView } from '../../lib/live-view';
import { sparkPoints } from '../../lib/sparkline';
import { useConnectionAction, useSettledActions, type PeerAction } from './peer-actions';

// The cells of the peer table. Each live cell selects one primitive of its
// own peer's live view (a status, a number, a string) from the store, so a
// push re-renders exactly the cells whose shown value changed, never the whole
// table (store/stats.ts explains the container).

function useLive<T extends string | number | null>(peer: PeerView, pick: (v: LiveView) => T): T {
  return useApp((s) => pick(liveView(peer, s.live.byId.get(peer.id))));
}

/**
 * The status, and why the peer is out of the kernel when it is (expired, quota…).
 * Its words come from the formatters, not from i18next: a push that flips every
 * status re-renders this cell in every visible row.
 */
export const StatusCell = memo(function StatusCell({ peer }: { peer: PeerView }): ReactNode {
  const outReason = useFormatters().outReason;
  const status = useLive(peer, (v) => v.status);
  const reason = useLive(peer, (v) => v.outReason);
  if (reason === null) return <StatusDot status={status} />;
  return <StatusDot status={status} label={outReason[reason]} />;
});

export const EndpointCell = memo(function EndpointCell({ peer }: { peer: PeerView }): ReactNode {
  const endpoint = useLive(peer, (v) => v.endpoint);
  const f = useFormatters();
  if (endpoint === null) return <span className="muted">{f.none}</span>;
  return (
    <span className="mono" title={endpoint}>
      {endpoint}
    </span>
  );
});

/**
 * "12 s ago", ticking with the shared clock; the exact time in the tooltip.
 * While main does not answer, the age stops at the last push: a handshake
 * that keeps ageing would pass for a live value.
 */
const Ago = memo(function Ago({ then }: { then: number }): ReactNode {
  const tick = useNow();
  const frozenAt = useApp((s) => (s.link.kind === 'open' ? null : s.statsAt));
  const now = frozenAt ?? tick;
  const f = useFormatters();
  return (
    <time dateTime={new Date(then).toISOString()} title={f.dateTime(then)}>
      {f.ago(then, now)}
    </time>
  );
});

export const HandshakeCell = memo(function HandshakeCell({ peer }: { peer: PeerView }): ReactNode {
  const then = useLive(peer, (v) => v.lastHandshake);
  const f = useFormatters();
  return then === null ? <span className="muted">{f.none}</span> : <Ago then={then} />;
});

export const RxCell = memo(function RxCell({ peer }: { peer: PeerView }): ReactNode {
  const rx = useLive(peer, (v) => v.rx);
  return <>{useFormatters().bytes(rx)}</>;
});

export const TxCell = memo(function TxCell({ peer }: { peer: PeerView }): ReactNode {
  const tx = useLive(peer, (v) => v.tx);
  return <>{useFormatters().bytes(tx)}</>;
});

export const RateCell = memo(function RateCell({ peer }: { peer: PeerView }): ReactNode {
  const rate = useLive(peer, (v) => v.rate);
  const f = useFormatters();
  return (
    <>
      <Sparkline id={peer.id} />
      <span className={rate > 0 ? undefined : 'muted'}>{f.rate(rate)}</span>
    </>
  );
});

const SPARK_W = 40;
const SPARK_H = 16;

/**
 * The rate's last two minutes, beside its number (issue 15, point 12). The
 * monitor's push time is its clock, so it moves with the pushes and stops with
 * them when the link is lost. Decoration: the number says the same in words.
 */
const Sparkline = memo(function Sparkline({ id }: { id: number }): ReactNode {
  // The selector is what the store runs for every row at every push, and React
  // again at render and after commit: it only says when the line moves (the
  // push's time, for a peer with a trail). The points are built once per push.
  const drawnAt = useApp((s) => (s.live.trails.has(id) ? s.statsAt : null));
  const trails = useApp((s) => s.live.trails);
  const points = useMemo(
    () => (drawnAt === null ? null : sparkPoints(trails.get(id), drawnAt, SPARK_W, SPARK_H)),
    [trails, id, drawnAt],
  );
  return (
    <svg className="spark" width={SPARK_W} height={SPARK_H} aria-hidden="true">
      {points !== null && <polyline points={points} />}
    </svg>
  );
});

/** The warning beside a peer whose last change did not reach the kernel. */
function NotApplied(): ReactNode {
  const { t } = useTranslation();
  return (
    <span
      className="not-applied"
      role="img"
      aria-label={t('row.notApplied')}
      title={t('row.notApplied')}
    >
      <Icon name="warning" />
    </span>
  );
}

export const NameCell = memo(function NameCell({ peer }: { peer: PeerView }): ReactNode {
  const f = useFormatters();
  const { openPeer } = useActions();
  return (
    <>
      <button
        type="button"
        className="link"
        aria-label={f.row.open(peer.name)}
        onClick={() => openPeer(peer.id)}
      >
        {peer.name}
      </button>
      {!peer.applied && <NotApplied />}
    </>
  );
});

/** The first address (usually the IPv4 one) and how many more; all of them in the tooltip. */
export function AddressCell({ peer }: { peer: PeerView }): ReactNode {
  const [first, ...rest] = peer.addresses.map(shortAddress);
  return (
    <span className="mono" title={peer.addresses.join(', ')}>
      {first ?? ''}
      {rest.length > 0 && <span className="more"> +{rest.length}</span>}
    </span>
  );
}

/**
 * The row's actions, in usePeerActions' order. Only the connection's button
 * follows the live stats, so it is a component of its own: a stats push
 * re-renders it alone, and only where it changes (peer-actions.ts).
 */
export const ActionsCell = memo(function ActionsCell({ peer }: { peer: PeerView }): ReactNode {
  const actions = useSettledActions(peer);
  return (
    <div className="row-actions">
      {/* A revoked peer is out for good: switching it on would change nothing. */}
      {peer.revokedAt === null && <EnabledSwitch peer={peer} />}
      <ConnectionButton peer={peer} />
      {actions.map((a) => (
        <ActionButton key={a.slot} action={a} name={peer.name} />
      ))}
    </div>
  );
});

const ConnectionButton = memo(function ConnectionButton({ peer }: { peer: PeerView }): ReactNode {
  const action = useConnectionAction(peer);
  return action === null ? null : <ActionButton action={action} name={peer.name} />;
});

function ActionButton({ action, name }: { action: PeerAction; name: string }): ReactNode {
  const { row } = useFormatters();
  return (
    <IconButton
      icon={action.icon}
      label={row[action.id](name)}
      onClick={action.run}
      danger={action.danger}
    />
  );
}

/**
 * Enabled or not, in one click (like a switch in the system's settings): the
 * peer goes into or out of the kernel at once, and the notice can undo it.
 */
const EnabledSwitch = memo(function EnabledSwitch({ peer }: { peer: PeerView }): ReactNode {
  const { t } = useTranslation();
  const { run } = useAction('as-notice');
  const label = t('window.row.enabled', { name: peer.name });
  return (
    <input
      type="checkbox"
      role="switch"
      className="row-switch"
      aria-label={label}
      title={label}
      checked={peer.enabled}
      onChange={(e) => {
        const enabled = e.target.checked;
        void run((a) => a.setEnabled(peer.id, peer.name, enabled));
      }}
    />
  );
});
