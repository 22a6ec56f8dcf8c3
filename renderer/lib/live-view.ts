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
 * A disconnected (or disabled) peer is out of the kernel: its session's
 * endpoint, handshake and rate are not live any more, so they read "—" and 0;
 * its totals are what it moved until the cut (main keeps them), the same
 * bytes its history chart adds up. A peer with no stats yet shows the
 * endpoint it was configured with, if any.
 */
export function liveView(peer: PeerView, stats: PeerStats | undefined): LiveView {
  const status = statusOf(peer, stats);
  // The newer of the two says why, when one says the peer is out.
  const outReason = stats?.outReason ?? peer.outReason;
  if (status === 'disconnected' || status === 'disabled') {
    return {
      status,
      ...OUT_OF_KERNEL,
      rx: stats?.rxTotal ?? 0,
      tx: stats?.txTotal ?? 0,
      outReason,
    };
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
