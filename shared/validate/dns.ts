import { invalidInput } from '../errors';
import { err, ok, type Result } from '../result';
import { quote } from './common';
import { listItems, parseIpAddress, type IpAddress } from '../ip/parse';
import { parseDomainName, type DomainName } from './names';

/**
 * wg-quick's DNS= mixes resolvers (IP addresses) and search domains (names),
 * so a list entry is one or the other.
 */
export type DnsEntry = IpAddress | DomainName;

export function parseDnsList(value: unknown, field = 'dns'): Result<DnsEntry[]> {
  const items = listItems(value, 16);
  if (!items)
    return err(invalidInput(field, 'must be a list of at most 16 DNS servers or search domains'));
  const out: DnsEntry[] = [];
  for (const item of items) {
    const ip = parseIpAddress(item, field);
    const entry = ip.ok ? ip : parseDomainName(item, field);
    if (!entry.ok) {
      return err(
        invalidInput(field, `${quote(String(item))} is neither an IP address nor a domain`),
      );
    }
    if (!out.includes(entry.value)) out.push(entry.value);
  }
  return ok(out);
}
