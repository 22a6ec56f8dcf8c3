import { invalidInput } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';
import { quote, shown } from './common';
import { listItems, parseIpAddress, type IpAddress } from '../ip/parse';
import { parseDomainName, type DomainName } from './names';

/**
 * wg-quick's DNS= mixes resolvers (IP addresses) and search domains (names),
 * so a list entry is one or the other.
 */
export type DnsEntry = IpAddress | DomainName;

export function parseDnsList(value: unknown, field = 'dns'): Result<DnsEntry[]> {
  const max = 16;
  const items = listItems(value, max);
  if (!items) {
    return err(
      invalidInput(
        field,
        `must be a list of at most ${max} DNS servers or search domains`,
        problem('dns_list', { max }),
      ),
    );
  }
  const out: DnsEntry[] = [];
  for (const item of items) {
    const ip = parseIpAddress(item, field);
    const entry = ip.ok ? ip : parseDomainName(item, field);
    if (!entry.ok) {
      return err(
        invalidInput(
          field,
          `${quote(String(item))} is neither an IP address nor a domain`,
          problem('not_ip_or_domain', { value: shown(String(item)) }),
        ),
      );
    }
    if (!out.includes(entry.value)) out.push(entry.value);
  }
  return ok(out);
}
