import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Client } from '../api/client';
import type { AppState, AppStore } from '../store';
import { FormattersProvider } from './format';

interface AppDeps {
  readonly client: Client;
  readonly store: AppStore;
}

const AppContext = createContext<AppDeps | null>(null);

/** The client and store the page runs on; the bench and tests mount the same tree with their own. */
export function AppProvider(props: AppDeps & { children: ReactNode }): ReactNode {
  return (
    <AppContext.Provider value={{ client: props.client, store: props.store }}>
      <FormattersProvider>{props.children}</FormattersProvider>
    </AppContext.Provider>
  );
}

function useDeps(): AppDeps {
  const deps = useContext(AppContext);
  if (deps === null) throw new Error('AppProvider is missing above this component');
  return deps;
}

export const useClient = (): Client => useDeps().client;
export const useStoreApi = (): AppStore => useDeps().store;

/** A narrow subscription to the store: the component re-renders only when what it selects changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useDeps().store, selector);
}
