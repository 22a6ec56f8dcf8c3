import type { PeerStats, PeerView } from '../../shared/contract';
import type { PeerStatus } from '../../shared/domain';
import { statusOf } from './peer-status';

/** What a row shows in its live columns. */
export interface LiveView {
  readonly status: PeerStatus;
  readonly endpoint: string | null;
  readonly lastHandshake: number | null;
  readonly rx: number;
  readonly tx: number;
  /** Received plus sent, bytes per second. */
  readonly rate: number;
}

const OUT_OF_KERNEL = { endpoint: null, lastHandshake: null, rx: 0, tx: 0, rate: 0 } as const;

/**
 * A disconnected (or disabled) peer is out of the kernel: it has no endpoint
 * and no rate any more, but what it received and sent until the cut stays
 * counted, as in its chart and main's totals (one story: a cut peer that moved
 * 1.5 MiB reads 1.5 MiB everywhere), and so does its last handshake. A peer
 * with no stats yet shows the endpoint it was configured with, if any.
 */
export function liveView(peer: PeerView, stats: PeerStats | undefined): LiveView {
  const status = statusOf(peer, stats);
  if (stats === undefined) {
    const out = status === 'disconnected' || status === 'disabled';
    return { status, ...OUT_OF_KERNEL, endpoint: out ? null : peer.endpoint };
  }
  if (status === 'disconnected' || status === 'disabled') {
    const { rxTotal: rx, txTotal: tx, lastHandshake } = stats;
    return { status, ...OUT_OF_KERNEL, rx, tx, lastHandshake };
  }
  return {
    status,
    endpoint: stats.endpoint ?? peer.endpoint,
    lastHandshake: stats.lastHandshake,
    rx: stats.rxTotal,
    tx: stats.txTotal,
    rate: stats.rxRate + stats.txRate,
  };
}
