import type { StateCreator } from 'zustand/vanilla';
import type { ConfigFile } from '../../shared/contract';
import type { Language } from '../lib/language';
import type { RouteLike } from '../lib/route';
import { DEFAULT_QUERY, type PeerQuery, type SortColumn } from '../lib/peer-query';
import type { AppState } from './types';

export type Route = RouteLike;

export type Dialog =
  | { readonly kind: 'interface-form'; readonly interfaceId: number | null }
  | { readonly kind: 'import' }
  | { readonly kind: 'peer-form'; readonly interfaceId: number; readonly peerId: number | null }
  | { readonly kind: 'peer-bulk'; readonly interfaceId: number }
  | { readonly kind: 'config'; readonly peerId: number; readonly once?: OnceConfig }
  | { readonly kind: 'delete-peers'; readonly ids: readonly number[] }
  | { readonly kind: 'delete-interface'; readonly interfaceId: number }
  | { readonly kind: 'disconnect'; readonly ids: readonly number[] }
  | { readonly kind: 'revoke-peers'; readonly ids: readonly number[] }
  | { readonly kind: 'bring-down'; readonly interfaceId: number }
  | { readonly kind: 'user-form'; readonly userId: number | null };

/**
 * The config returned at creation when its private key is not kept: it cannot
 * be fetched again. The name comes with it because the dialog opens before
 * main's push has put the new peer into the store.
 */
export interface OnceConfig {
  readonly config: ConfigFile;
  readonly peerName: string;
}

export type ThemeChoice = 'system' | 'light' | 'dark';
export type LanguageChoice = 'system' | Language;

/** Row selection as TanStack Table keeps it: peer id (as a string) → selected. */
export type Selection = Readonly<Record<string, true>>;

export interface UiSlice {
  route: Route;
  query: PeerQuery;
  selection: Selection;
  dialog: Dialog | null;
  /**
   * The pointer or the keyboard is in the peer table: live changes do not
   * move its rows (a peer just disconnected stays under the pointer) until
   * it leaves. Changes the admin asks for (sort, filter, search) still apply.
   */
  orderHeld: boolean;
  theme: ThemeChoice;
  language: LanguageChoice;
  navigate(route: Route): void;
  setQuery(patch: Partial<PeerQuery>): void;
  /** A click on a column header: first ascending (descending for numbers people rank), then flip. */
  toggleSort(column: SortColumn): void;
  setSelection(next: Selection | ((prev: Selection) => Selection)): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  holdOrder(held: boolean): void;
  setTheme(theme: ThemeChoice): void;
  setLanguage(language: LanguageChoice): void;
}

/** Columns where the interesting end is the top one: biggest talkers, latest handshakes. */
const DESC_FIRST: ReadonlySet<SortColumn> = new Set(['handshake', 'rx', 'tx', 'rate']);

export const uiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  route: { page: 'servers' },
  query: DEFAULT_QUERY,
  selection: {},
  dialog: null,
  orderHeld: false,
  theme: 'system',
  language: 'system',
  navigate: (route) =>
    set((s) => {
      // Selection belongs to one server's table; carrying it to another would
      // make a bulk action hit peers the admin cannot see.
      const sameTable =
        route.page === 'peers' &&
        s.route.page === 'peers' &&
        route.interfaceId === s.route.interfaceId;
      return { route, selection: sameTable ? s.selection : {} };
    }),
  setQuery: (patch) => set((s) => ({ query: { ...s.query, ...patch } })),
  toggleSort: (column) =>
    set((s) => ({
      query: {
        ...s.query,
        sort:
          s.query.sort.column === column
            ? { column, desc: !s.query.sort.desc }
            : { column, desc: DESC_FIRST.has(column) },
      },
    })),
  setSelection: (next) =>
    set((s) => ({ selection: typeof next === 'function' ? next(s.selection) : next })),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  holdOrder: (orderHeld) => set({ orderHeld }),
  setTheme: (theme) => set({ theme }),
  setLanguage: (language) => set({ language }),
});
