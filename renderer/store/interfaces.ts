import type { StateCreator } from 'zustand/vanilla';
import type { DriftReport, InterfaceView } from '../../shared/contract';
import type { InterfaceSummary } from '../../shared/contract/methods/monitor';
import { omitKeys } from '../lib/records';
import type { AppState } from './types';

export interface InterfacesSlice {
  /** Ordered by name. Null until the first load answers. */
  interfaces: readonly InterfaceView[] | null;
  summaries: Readonly<Record<number, InterfaceSummary>>;
  drift: Readonly<Record<number, DriftReport>>;
  setInterfaces(list: readonly InterfaceView[]): void;
  upsertInterface(view: InterfaceView): void;
  removeInterface(id: number): void;
  setSummary(summary: InterfaceSummary): void;
  setDrift(report: DriftReport): void;
}

const byName = (a: InterfaceView, b: InterfaceView): number => a.name.localeCompare(b.name);

/** Drift worth a banner: anything at all to reconcile, or the interface not running. */
export function hasDrift(r: DriftReport | undefined): boolean {
  if (r === undefined) return false;
  return (
    r.interfaceDifferent.length +
      r.missingFromKernel.length +
      r.unknownInKernel.length +
      r.different.length +
      r.disconnectedButPresent.length >
    0
  );
}

/** The server with this id: undefined until the list loads, for a new one (null), and once it is gone. */
export function serverById(s: AppState, id: number | null): InterfaceView | undefined {
  return s.interfaces?.find((i) => i.id === id);
}

/**
 * How many peers a server has: its loaded list when the page has one (that
 * follows every create and delete), else the count main sent with the server.
 */
export function peerCountOf(s: AppState, iface: InterfaceView): number {
  return s.peerIdsByInterface[iface.id]?.length ?? iface.peerCount;
}

export const interfacesSlice: StateCreator<AppState, [], [], InterfacesSlice> = (set) => ({
  interfaces: null,
  summaries: {},
  drift: {},
  setInterfaces: (list) => set({ interfaces: [...list].sort(byName) }),
  upsertInterface: (view) =>
    set((s) => ({
      interfaces: [...(s.interfaces ?? []).filter((i) => i.id !== view.id), view].sort(byName),
    })),
  removeInterface: (id) =>
    set((s) => ({
      interfaces: (s.interfaces ?? []).filter((i) => i.id !== id),
      summaries: omitKeys(s.summaries, [id]),
      drift: omitKeys(s.drift, [id]),
    })),
  setSummary: (summary) =>
    set((s) => ({ summaries: { ...s.summaries, [summary.interfaceId]: summary } })),
  setDrift: (report) => set((s) => ({ drift: { ...s.drift, [report.interfaceId]: report } })),
});
