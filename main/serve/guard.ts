import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { AppError } from '../../shared/errors';

/** 32 random bytes, base64url: fits a URL fragment and a WebSocket subprotocol. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Hashing both sides first gives timingSafeEqual the
 * equal lengths it needs, so neither the content nor the length of the
 * expected token leaks through timing.
 */
export function tokenMatches(expected: string, offered: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(offered));
}

const LOOPBACK = ['127.0.0.1', '::1'];
const WILDCARD = ['0.0.0.0', '::'];

export function isLoopback(address: string): boolean {
  return LOOPBACK.includes(address);
}

/** Plain HTTP, or HTTP over TLS (then the WebSocket is wss:). */
export type Scheme = 'http' | 'https';

/**
 * Off loopback, the token and everything the contract returns (configs with
 * private keys) cross a network: in plain HTTP anyone on the path reads them.
 * Such a bind needs TLS, or the admin's explicit word that the network is
 * trusted; the error says how to get either, or to stay on loopback.
 */
export function exposureRefusal(
  bindAddress: string,
  scheme: Scheme,
  insecurePlainHttp: boolean,
): AppError | undefined {
  if (isLoopback(bindAddress) || scheme === 'https' || insecurePlainHttp) return undefined;
  return new AppError(
    'InvalidInput',
    `serving on ${bindAddress} would send the token and every private key over the network ` +
      'in plain HTTP. Give --tls-cert FILE and --tls-key FILE, or keep the default ' +
      '(127.0.0.1) and use an SSH tunnel; on a network you trust, ' +
      '--insecure-plain-http-on-the-network says so',
    'host',
  );
}

/**
 * The exact `Host` header values this server answers to. A browser sends the
 * name the page was loaded from, so a DNS-rebinding page (evil.example
 * resolving to 127.0.0.1) arrives with `Host: evil.example:PORT` and is refused.
 */
export function allowedHosts(bindAddress: string, port: number): readonly string[] {
  const names = new Set<string>();
  const add = (addr: string): void => {
    names.add(isIPv6(addr) ? `[${addr}]` : addr);
  };
  if (isLoopback(bindAddress) || WILDCARD.includes(bindAddress)) names.add('localhost');
  add(bindAddress);
  if (WILDCARD.includes(bindAddress)) {
    // Reachable on every address of this machine: each is a name a client may use.
    for (const addrs of Object.values(networkInterfaces())) {
      for (const a of addrs ?? []) add(a.address);
    }
  }
  return [...names].map((n) => `${n.toLowerCase()}:${port}`);
}

/** Checks Host and Origin against what this launch serves. */
export class Gate {
  readonly #hosts: ReadonlySet<string>;
  readonly #origins: ReadonlySet<string>;

  constructor(hosts: readonly string[], scheme: Scheme) {
    this.#hosts = new Set(hosts);
    this.#origins = new Set(hosts.map((h) => `${scheme}://${h}`));
  }

  hostAllowed(host: string | undefined): boolean {
    return host !== undefined && this.#hosts.has(host.toLowerCase());
  }

  /**
   * Browsers send Origin on every WebSocket upgrade and on cross-origin
   * requests; a missing Origin is accepted only where `required` is false
   * (plain same-origin GETs of the UI's files).
   */
  originAllowed(origin: string | undefined, required: boolean): boolean {
    if (origin === undefined) return !required;
    return this.#origins.has(origin.toLowerCase());
  }
}
