import { createStore, type StoreApi } from 'zustand/vanilla';
import { errorsSlice } from './errors';
import { interfacesSlice } from './interfaces';
import { openvpnSlice } from './openvpn';
import { networkSlice } from './network';
import { peersSlice } from './peers';
import { settingsSlice } from './settings';
import { statsSlice } from './stats';
import type { AppState } from './types';
import { uiSlice } from './ui';
import { usersSlice } from './users';

export type AppStore = StoreApi<AppState>;

/**
 * One store built from slices (zustand's slices pattern). It holds what main
 * last said and nothing it could not reload: the store is a projection of
 * main's truth, fed only by main's pushes and the reads they name
 * (store/sync.ts), never a second database. Vanilla (no React) so that its
 * logic is tested in Node.
 */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...interfacesSlice(...a),
    ...peersSlice(...a),
    ...statsSlice(...a),
    ...uiSlice(...a),
    ...usersSlice(...a),
    ...settingsSlice(...a),
    ...errorsSlice(...a),
    ...openvpnSlice(...a),
    ...networkSlice(...a),
  }));
}

export type { AppState } from './types';
