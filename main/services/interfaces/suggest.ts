import { overlaps } from '../../../shared/ip';

/** What a new server's form starts with: a free name, port and private network. */
export interface NewServerDefaults {
  readonly name: string;
  readonly listenPort: number;
  /** Null when every 10.N.0.0/24 the suggestion tries is used. */
  readonly ipv4Address: string | null;
}

/** What of the existing servers a suggestion must not collide with. */
export interface TakenServer {
  readonly name: string;
  readonly listenPort: number | null;
  readonly ipv4Network: string | null;
}

const FIRST_PORT = 51820;
/** wg-easy's and PiVPN's habit: 10.8.0.0/24 first, then 10.9.0.0/24 … 10.255.0.0/24. */
const FIRST_SECOND_OCTET = 8;

/**
 * The first of wg0, wg1 … no server is named; the lowest port from 51820 up
 * that none listens on; the first 10.N.0.0/24 (N from 8) that overlaps no
 * server's network, with the server at .1.
 */
export function suggestNewServer(taken: readonly TakenServer[]): NewServerDefaults {
  const names = new Set(taken.map((t) => t.name));
  let n = 0;
  while (names.has(`wg${n}`)) n++;
  const ports = new Set(taken.map((t) => t.listenPort));
  let port = FIRST_PORT;
  while (ports.has(port)) port++;
  return { name: `wg${n}`, listenPort: port, ipv4Address: freeNetwork(taken) };
}

function freeNetwork(taken: readonly TakenServer[]): string | null {
  const networks = taken.flatMap((t) => (t.ipv4Network === null ? [] : [t.ipv4Network]));
  for (let octet = FIRST_SECOND_OCTET; octet <= 255; octet++) {
    const net = `10.${octet}.0.0/24`;
    if (!networks.some((other) => overlaps(net, other))) return `10.${octet}.0.1/24`;
  }
  return null;
}
