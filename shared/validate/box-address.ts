import type { Brand } from '../brand';
import { invalidInput } from '../errors';
import { problem } from '../problems';
import { parseIpAddress } from '../ip/parse';
import { err, ok, type Result } from '../result';
import { quote, requireString, shown } from './common';
import { parseDomainName } from './names';
import { notIpOrHost } from './endpoint';
import { parsePort, type Port } from './numbers';

/** An SSH login name as useradd accepts it: never empty, never starting with '-'. */
export type SshUser = Brand<string, 'SshUser'>;
/** An IP address or a DNS name: never starting with '-', so ssh cannot read it as an option. */
export type SshHost = Brand<string, 'SshHost'>;

/** Where a box is reached: `user@host[:port]`, each part checked on its own. */
export interface BoxAddress {
  readonly user: SshUser;
  readonly host: SshHost;
  readonly port: Port;
}

const USER = /^[a-z_][a-z0-9_.-]{0,31}$/;
const FORM = /^([^@]+)@(\[[^\]]+\]|[^:[\]@]+)(?::([0-9]{1,5}))?$/;

/**
 * `alice@box.example`, `alice@192.0.2.7:2222`, `alice@[2001:db8::1]:22`. The
 * values end up in ssh's argument array; the checks keep every part from
 * being read as an option or as a second destination (a '-', a space, a '@').
 */
export function parseBoxAddress(value: unknown, field = 'address'): Result<BoxAddress> {
  const s = requireString(value, field, 300);
  if (!s.ok) return s;
  const m = FORM.exec(s.value.trim());
  if (!m || m[1] === undefined || m[2] === undefined) {
    return err(
      invalidInput(
        field,
        `${quote(s.value)} must be user@host or user@host:port`,
        problem('box_address_form', { value: shown(s.value) }),
      ),
    );
  }
  if (!USER.test(m[1])) {
    return err(
      invalidInput(
        field,
        `${quote(m[1])} is not a user name`,
        problem('not_user_name', { value: shown(m[1]) }),
      ),
    );
  }
  const port = parsePort(m[3] ?? 22, field);
  if (!port.ok) return port;
  const host = parseHost(m[2], field);
  if (!host.ok) return host;
  return ok({ user: m[1] as SshUser, host: host.value, port: port.value });
}

function parseHost(raw: string, field: string): Result<SshHost> {
  const bracketed = raw.startsWith('[');
  const inner = bracketed ? raw.slice(1, -1) : raw;
  const ip = parseIpAddress(inner, field);
  if (ip.ok && bracketed === ip.value.includes(':')) return ok(ip.value as string as SshHost);
  if (!bracketed) {
    const name = parseDomainName(inner, field);
    if (name.ok) return ok(name.value as string as SshHost);
  }
  return err(notIpOrHost(field, raw));
}

/** The canonical text of an address, as listed and as stored. */
export function formatBoxAddress(a: BoxAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return a.port === 22 ? `${a.user}@${host}` : `${a.user}@${host}:${a.port}`;
}
