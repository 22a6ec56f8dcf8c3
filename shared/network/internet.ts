// What "the internet" means in an access rule or a server's reach: every
// address outside the private, shared, loopback and link-local ranges. The
// firewall (as nft sets) and "explain" both read this one list, so they can
// never disagree about where a packet goes.
import { contains } from '../ip';

export const NON_INTERNET_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/4',
] as const;

export const NON_INTERNET_V6 = ['::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8'] as const;

/** Whether an address (or every address of a network) counts as the internet. */
export function isInternet(address: string): boolean {
  const list: readonly string[] = address.includes(':') ? NON_INTERNET_V6 : NON_INTERNET_V4;
  return !list.some((n) => contains(n, address));
}
