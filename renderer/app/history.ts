import { useEffect } from 'react';
import { hashToRoute, routeToHash } from '../lib/route';
import type { AppStore } from '../store';
import { useStoreApi } from './context';

/** Where the page starts: the fragment it was opened or reloaded with. */
export function loadRoute(store: AppStore): void {
  store.getState().navigate(hashToRoute(location.hash));
}

/**
 * Keeps the address's fragment and the store's route in step: a navigation in
 * the page pushes a history entry; Back and Forward navigate the page.
 */
export function useHistorySync(): void {
  const store = useStoreApi();
  useEffect(() => {
    const onPop = (): void => store.getState().navigate(hashToRoute(location.hash));
    window.addEventListener('popstate', onPop);
    const stop = store.subscribe((s, prev) => {
      if (s.route === prev.route) return;
      const hash = routeToHash(s.route);
      if (hash !== location.hash) history.pushState(null, '', hash);
    });
    return () => {
      window.removeEventListener('popstate', onPop);
      stop();
    };
  }, [store]);
}
