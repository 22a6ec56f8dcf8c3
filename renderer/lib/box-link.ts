// What a box's pages see of their link (pure: tested in Node).
import type { BoxView } from '../../shared/contract/boxes';
import type { LinkState } from '../api/transport';

/**
 * Open only when the window's link and the box's both are: while the box is
 * down the page greys its live values and turns its controls off, as for a
 * lost window link, and reloads everything from the box when it is back.
 */
export function boxLinkState(window: LinkState, box: BoxView | undefined): LinkState {
  if (window.kind !== 'open') return window;
  return box?.status === 'connected' ? window : { kind: 'connecting', attempt: 1 };
}
