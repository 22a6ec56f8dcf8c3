// The page's place as a URL fragment (#/servers/3), so reload, back and
// forward work in a browser on `wgdesk serve` and in the Electron window.
// Pure, tested in Node; app/history.ts wires it to the store.

export type RouteLike =
  | { readonly page: 'servers' }
  | { readonly page: 'peers'; readonly interfaceId: number }
  | { readonly page: 'peer'; readonly peerId: number }
  | { readonly page: 'network'; readonly interfaceId: number }
  | { readonly page: 'server-settings'; readonly interfaceId: number }
  | { readonly page: 'server-history'; readonly interfaceId: number }
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
    case 'server-settings':
      return `#/servers/${r.interfaceId}/settings`;
    case 'server-history':
      return `#/servers/${r.interfaceId}/history`;
    default:
      return `#/${r.page}`;
  }
}

const id = (s: string | undefined): number | null =>
  s !== undefined && /^[1-9][0-9]{0,15}$/.test(s) ? Number(s) : null;

/** Anything unknown (including `#token=…`) is the servers overview. */
export function hashToRoute(hash: string): RouteLike {
  const [, page, arg, sub, extra] = hash.replace(/^#/, '').split('/');
  if (extra !== undefined || (sub !== undefined && page !== 'servers')) return { page: 'servers' };
  switch (page) {
    case 'servers':
      return serverRoute(id(arg), sub);
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

/** #/servers/N, and its settings, history and network pages (#/servers/N/settings, …). */
function serverRoute(n: number | null, sub: string | undefined): RouteLike {
  if (n === null) return { page: 'servers' };
  switch (sub) {
    case undefined:
      return { page: 'peers', interfaceId: n };
    case 'settings':
      return { page: 'server-settings', interfaceId: n };
    case 'history':
      return { page: 'server-history', interfaceId: n };
    case 'network':
      return { page: 'network', interfaceId: n };
    default:
      return { page: 'servers' };
  }
}
