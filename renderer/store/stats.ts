import type { StateCreator } from 'zustand/vanilla';
import type { EventPayload, PeerStats } from '../../shared/contract';
import {
  applyStats,
  emptyLiveStats,
  replaceStats,
  type Applied,
  type LiveStats,
} from '../lib/stats';
import type { AppState } from './types';

export interface StatsSlice {
  /**
   * The live numbers. The container and each peer's PeerStats are updated in
   * place (see lib/stats.ts); `statsVersion` is what changes. A row selects
   * primitives of its own peer (`liveView(...).status`, never the object), so
   * it re-renders only when what it shows changed.
   */
  live: LiveStats;
  statsVersion: number;
  /** Bumped only when some peer's status changed: status filters re-run on this, not every second. */
  statusVersion: number;
  /** When the monitor took the last push (its clock, Unix ms). */
  statsAt: number | null;
  /** 'gap': the server's snapshot must be read again (store/sync.ts does). */
  applyStatsPush(push: EventPayload<'peers.stats'>): Applied['outcome'];
  replaceStats(snapshot: { interfaceId: number; seq: number; peers: readonly PeerStats[] }): void;
}

export const statsSlice: StateCreator<AppState, [], [], StatsSlice> = (set, get) => ({
  live: emptyLiveStats(),
  statsVersion: 0,
  statusVersion: 0,
  statsAt: null,
  applyStatsPush: (push) => {
    const s = get();
    const { outcome, statusChanged } = applyStats(s.live, push);
    if (outcome === 'old') return outcome;
    // Even on a gap, what was applied must reach the rows (the snapshot corrects it).
    set({
      statsVersion: s.statsVersion + 1,
      statusVersion: statusChanged ? s.statusVersion + 1 : s.statusVersion,
      statsAt: push.at,
    });
    return outcome;
  },
  replaceStats: ({ interfaceId, seq, peers }) => {
    const s = get();
    replaceStats(s.live, interfaceId, seq, peers);
    set({ statsVersion: s.statsVersion + 1, statusVersion: s.statusVersion + 1 });
  },
});
