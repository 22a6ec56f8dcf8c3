// The page's place as a URL fragment (#/servers/3), so reload, back and
// forward work in a browser on `wgdesk serve` and in the Electron window.
// Pure, tested in Node; app/history.ts wires it to the store.

export type RouteLike =
  | { readonly page: 'servers' }
  | { readonly page: 'peers'; readonly interfaceId: number }
  | { readonly page: 'peer'; readonly peerId: number }
  | { readonly page: 'network'; readonly interfaceId: number }
  | { readonly page: 'users' }
  | { readonly page: 'logs' }
  | { readonly page: 'settings' };

export function routeToHash(r: RouteLike): string {
  switch (r.page) {
    case 'peers':
      return `#/servers/${r.interfaceId}`;
    case 'peer':
      return `#/peers/${r.peerId}`;
    case 'network':
      return `#/servers/${r.interfaceId}/network`;
    default:
      return `#/${r.page}`;
  }
}

const id = (s: string | undefined): number | null =>
  s !== undefined && /^[1-9][0-9]{0,15}$/.test(s) ? Number(s) : null;

/** Anything unknown (including `#token=…`) is the servers overview. */
export function hashToRoute(hash: string): RouteLike {
  const [, page, arg, extra, more] = hash.replace(/^#/, '').split('/');
  // A server's network settings and access rules: #/servers/3/network.
  const server = id(arg);
  if (page === 'servers' && extra === 'network' && more === undefined && server !== null) {
    return { page: 'network', interfaceId: server };
  }
  if (extra !== undefined) return { page: 'servers' };
  switch (page) {
    case 'servers': {
      const n = id(arg);
      return n === null ? { page: 'servers' } : { page: 'peers', interfaceId: n };
    }
    case 'peers': {
      const n = id(arg);
      return n === null ? { page: 'servers' } : { page: 'peer', peerId: n };
    }
    case 'users':
    case 'logs':
    case 'settings':
      return arg === undefined ? { page } : { page: 'servers' };
    default:
      return { page: 'servers' };
  }
}
