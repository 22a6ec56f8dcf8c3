// Where the window is, engine included, as a URL fragment: a box's pages sit
// under #/box/<id> (#/box/2/servers/5), this machine's at the top (#/servers/5),
// so a reload, Back and Forward land on the same box. Pure, tested in Node;
// app/history.ts wires it to the desk and the stores.
import { hashToRoute, routeToHash, type RouteLike } from '../lib/route';

export interface Place {
  /** null: this machine; a number: that box (boxes/desk.ts's Target). */
  readonly target: number | null;
  readonly route: RouteLike;
}

const BOX = /^#?\/box\/([1-9][0-9]{0,15})(\/.*)?$/;

export function placeToHash(p: Place): string {
  const hash = routeToHash(p.route);
  return p.target === null ? hash : `#/box/${p.target}${hash.slice(1)}`;
}

/** A fragment without a box is this machine's; a malformed box part is this machine's overview. */
export function hashToPlace(hash: string): Place {
  if (!/^#?\/box(\/|$)/.test(hash)) return { target: null, route: hashToRoute(hash) };
  const m = BOX.exec(hash);
  if (m === null) return { target: null, route: { page: 'servers' } };
  return { target: Number(m[1]), route: hashToRoute(`#${m[2] ?? '/servers'}`) };
}
