import type { Brand } from '../brand';
import { invalidInput } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';
import { MAX_TEXT, quote, requireString, shown } from './common';

/** A network interface name as wg-quick accepts it. */
export type InterfaceName = Brand<string, 'InterfaceName'>;
/** Text safe to put on one line of a .conf file (a name, a comment, a hook). */
export type ConfText = Brand<string, 'ConfText'>;
/** A DNS host name (used in endpoints and DNS search domains). */
export type DomainName = Brand<string, 'DomainName'>;

// wg-quick's own check (linux.bash): [a-zA-Z0-9_=+.-]{1,15}. The kernel limit
// IFNAMSIZ-1 is where 15 comes from. "." and ".." would be path components, and
// we also refuse a leading "-", which a command could read as an option.
const IFNAME = /^[a-zA-Z0-9_=+.][a-zA-Z0-9_=+.-]{0,14}$/;
// `wg show all …` and `wg show interfaces` read these as keywords (wg's show.c
// compares argv[1] exactly), so an interface so named could not be shown by name.
const WG_SHOW_KEYWORDS: ReadonlySet<string> = new Set(['all', 'interfaces']);

export function parseInterfaceName(value: unknown, field = 'interface'): Result<InterfaceName> {
  if (typeof value !== 'string') {
    return err(invalidInput(field, 'must be a string', problem('not_text', {})));
  }
  if (!IFNAME.test(value) || value === '.' || value === '..') {
    return err(
      invalidInput(
        field,
        `${quote(value)} is not a valid interface name (1–15 of letters, digits and _=+.-, not starting with -)`,
        problem('interface_name', { value: shown(value) }),
      ),
    );
  }
  if (WG_SHOW_KEYWORDS.has(value)) {
    return err(
      invalidInput(
        field,
        `${quote(value)} is a keyword of wg show, not usable as a name`,
        problem('wg_show_keyword', { value }),
      ),
    );
  }
  return ok(value as InterfaceName);
}

export function parseConfText(
  value: unknown,
  field = 'text',
  maxLength = MAX_TEXT,
): Result<ConfText> {
  // requireString already refuses CR, LF (config injection) and NUL (C string end).
  const s = requireString(value, field, maxLength);
  if (!s.ok) return s;
  return ok(s.value as ConfText);
}

const LABEL = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

export function parseDomainName(value: unknown, field = 'host'): Result<DomainName> {
  const s = requireString(value, field, 253);
  if (!s.ok) return s;
  const name = s.value.endsWith('.') ? s.value.slice(0, -1) : s.value;
  const labels = name.split('.');
  if (!labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1] ?? '')) {
    return err(
      invalidInput(
        field,
        `${quote(s.value)} is not a valid host name`,
        problem('host_name', { value: shown(s.value) }),
      ),
    );
  }
  return ok(name.toLowerCase() as DomainName);
}
