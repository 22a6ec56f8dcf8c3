import type { PeerStats, PeerView } from '../../shared/contract';
import type { PeerStatus } from '../../shared/domain';

/**
 * The status a row shows. The monitor's stats are the truth once they arrive;
 * before that, what the database knows: a disconnected or disabled peer says
 * so, anything else has not been seen yet.
 */
export function statusOf(peer: PeerView, stats: PeerStats | undefined): PeerStatus {
  if (peer.disconnected) return 'disconnected';
  if (!peer.enabled) return 'disabled';
  return stats?.status ?? 'never';
}

/** Sort rank: what an admin scans for first comes first. */
export const STATUS_RANK: Readonly<Record<PeerStatus, number>> = {
  online: 0,
  offline: 1,
  never: 2,
  disconnected: 3,
  disabled: 4,
};
