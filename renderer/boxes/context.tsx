import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { AppProvider } from '../app/context';
import type { Desk, DeskState } from './desk';

const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (desk === null) throw new Error('DeskProvider is missing above this component');
  return desk;
}

export function useDeskState<T>(selector: (s: DeskState) => T): T {
  return useStore(useDesk().state, selector);
}

/**
 * The pages, on the chosen engine's client and store. Keyed by the target,
 * so switching boxes mounts the pages afresh on that box's state: nothing a
 * page held for one box (a form, a selection) is shown for another.
 */
export function DeskProvider({ desk, children }: { desk: Desk; children: ReactNode }): ReactNode {
  const target = useStore(desk.state, (s) => s.target);
  const { client, store } = desk.workspace(target);
  return (
    <DeskContext.Provider value={desk}>
      <AppProvider key={target ?? 'local'} client={client} store={store}>
        {children}
      </AppProvider>
    </DeskContext.Provider>
  );
}
