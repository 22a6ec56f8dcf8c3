import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './types';

export interface NetworkSlice {
  /**
   * Bumped when main says a server's network or rules changed (ids: which
   * servers): an open network page reads its server again on it. Counters
   * are read with it; the page does not poll.
   */
  networkVersion: number;
  bumpNetwork(): void;
}

export const networkSlice: StateCreator<AppState, [], [], NetworkSlice> = (set) => ({
  networkVersion: 0,
  bumpNetwork: () => set((s) => ({ networkVersion: s.networkVersion + 1 })),
});
