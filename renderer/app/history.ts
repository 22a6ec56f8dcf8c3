import { useEffect } from 'react';
import { useDesk, useDeskState } from '../boxes/context';
import type { Desk } from '../boxes/desk';
import { hashToPlace, placeToHash } from '../boxes/place';
import { useStoreApi } from './context';

/** Where the window starts: the engine (this machine or a box) and page of its fragment. */
export function loadPlace(desk: Desk): void {
  const { target, route } = hashToPlace(location.hash);
  desk.open(target, route);
}

/**
 * Keeps the address's fragment and the shown engine's route in step: a
 * navigation in the page, or another box chosen, pushes a history entry;
 * Back and Forward go back to that box and page.
 */
export function useHistorySync(): void {
  const store = useStoreApi();
  const desk = useDesk();
  const target = useDeskState((s) => s.target);
  useEffect(() => {
    const push = (hash: string): void => {
      if (hash !== location.hash) history.pushState(null, '', hash);
    };
    // These pages just opened. On another engine than the address names (a box chosen in
    // the sidebar): a new entry, so Back returns. On the same one, the address is only
    // written as this page would write it. A bare address (the token just taken out) stays.
    const here = placeToHash({ target, route: store.getState().route });
    if (hashToPlace(location.hash).target !== target) push(here);
    else if (location.hash !== '' && here !== location.hash) history.replaceState(null, '', here);
    const onPop = (): void => {
      const p = hashToPlace(location.hash);
      desk.open(p.target, p.route);
      // A box no longer kept opened this machine instead: the address says so.
      const shown = desk.state.getState().target;
      if (shown === p.target) return;
      const { route } = desk.workspace(shown).store.getState();
      history.replaceState(null, '', placeToHash({ target: shown, route }));
    };
    window.addEventListener('popstate', onPop);
    const stop = store.subscribe((s, prev) => {
      if (s.route !== prev.route) push(placeToHash({ target, route: s.route }));
    });
    return () => {
      window.removeEventListener('popstate', onPop);
      stop();
    };
  }, [store, desk, target]);
}
