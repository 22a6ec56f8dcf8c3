import type { StateCreator } from 'zustand/vanilla';
import type { PeerView } from '../../shared/contract';
import { forgetPeers } from '../lib/stats';
import { omitKeys } from '../lib/records';
import type { AppState } from './types';

export interface PeersSlice {
  /** Every loaded peer by id. Replaced (not mutated) on change, so it can be a memo input. */
  peerById: ReadonlyMap<number, PeerView>;
  /** Which peers belong to which server, in the order main listed them. Absent: not loaded yet. */
  peerIdsByInterface: Readonly<Record<number, readonly number[]>>;
  setPeers(interfaceId: number, list: readonly PeerView[]): void;
  upsertPeers(list: readonly PeerView[]): void;
  removePeers(ids: readonly number[]): void;
}

export const peersSlice: StateCreator<AppState, [], [], PeersSlice> = (set) => ({
  peerById: new Map(),
  peerIdsByInterface: {},
  setPeers: (interfaceId, list) =>
    set((s) => {
      const byId = new Map(s.peerById);
      for (const id of s.peerIdsByInterface[interfaceId] ?? []) byId.delete(id);
      for (const p of list) byId.set(p.id, p);
      return {
        peerById: byId,
        peerIdsByInterface: { ...s.peerIdsByInterface, [interfaceId]: list.map((p) => p.id) },
      };
    }),
  upsertPeers: (list) =>
    set((s) => {
      const byId = new Map(s.peerById);
      const ids = { ...s.peerIdsByInterface };
      for (const p of list) {
        const known = byId.has(p.id);
        byId.set(p.id, p);
        const current = ids[p.interfaceId];
        if (!known && current !== undefined) ids[p.interfaceId] = [...current, p.id];
      }
      return { peerById: byId, peerIdsByInterface: ids };
    }),
  removePeers: (ids) =>
    set((s) => {
      const gone = new Set(ids);
      const byId = new Map(s.peerById);
      for (const id of ids) byId.delete(id);
      const byIface: Record<number, readonly number[]> = {};
      for (const [k, list] of Object.entries(s.peerIdsByInterface)) {
        byIface[Number(k)] = list.some((id) => gone.has(id))
          ? list.filter((id) => !gone.has(id))
          : list;
      }
      forgetPeers(s.live, ids);
      const selection = omitKeys(s.selection, ids);
      return {
        peerById: byId,
        peerIdsByInterface: byIface,
        selection,
        statsVersion: s.statsVersion + 1,
      };
    }),
});
