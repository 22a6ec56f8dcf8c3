import type { PeerStats, PeerView } from '../../shared/contract';
import type { OutReason, PeerStatus } from '../../shared/domain';
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
  /** Why it is out of the kernel (main's one rule), or null. */
  readonly outReason: OutReason | null;
}

const OUT_OF_KERNEL = { endpoint: null, lastHandshake: null, rx: 0, tx: 0, rate: 0 } as const;

/**
 * A disconnected (or disabled) peer is out of the kernel: whatever numbers
 * arrived before the cut are not live any more, so the row reads 0 B and "—"
 * instead of freezing on the last push. A peer with no stats yet shows the
 * endpoint it was configured with, if any.
 */
export function liveView(peer: PeerView, stats: PeerStats | undefined): LiveView {
  const status = statusOf(peer, stats);
  // The newer of the two says why, when one says the peer is out.
  const outReason = stats?.outReason ?? peer.outReason;
  if (status === 'disconnected' || status === 'disabled') {
    return { status, ...OUT_OF_KERNEL, outReason };
  }
  if (stats === undefined) {
    return { status, ...OUT_OF_KERNEL, endpoint: peer.endpoint, outReason };
  }
  return {
    status,
    outReason,
    endpoint: stats.endpoint ?? peer.endpoint,
    lastHandshake: stats.lastHandshake,
    rx: stats.rxTotal,
    tx: stats.txTotal,
    rate: stats.rxRate + stats.txRate,
  };
}
