import type { StateCreator } from 'zustand/vanilla';
import type { Capabilities, ResultOf } from '../../shared/contract';
import type { UserView } from '../../shared/contract/methods/users';
import type { AppState } from './types';

export type EngineInfo = ResultOf<'system.engine'>;

export interface UsersSlice {
  /** Null until loaded; stays null when main has no users methods yet. */
  users: readonly UserView[] | null;
  capabilities: Capabilities | null;
  /** Which engine answers, and whether it keeps watch with every window closed. */
  engine: EngineInfo | null;
  /** Bumped when main says the logs changed: an open log page reloads on it. */
  logsVersion: number;
  setUsers(users: readonly UserView[]): void;
  setCapabilities(c: Capabilities): void;
  setEngine(e: EngineInfo): void;
  bumpLogs(): void;
}

export const usersSlice: StateCreator<AppState, [], [], UsersSlice> = (set) => ({
  users: null,
  capabilities: null,
  engine: null,
  logsVersion: 0,
  setUsers: (users) => set({ users }),
  setCapabilities: (capabilities) => set({ capabilities }),
  setEngine: (engine) => set({ engine }),
  bumpLogs: () => set((s) => ({ logsVersion: s.logsVersion + 1 })),
});
