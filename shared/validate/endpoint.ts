import type { Brand } from '../brand';
import { invalidInput, type AppError } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';
import { quote, requireString, shown } from './common';
import { parseIpAddress } from '../ip/parse';
import { parseDomainName } from './names';
import { parsePort } from './numbers';

/** "host:port", "1.2.3.4:port" or "[v6]:port", canonical. */
export type Endpoint = Brand<string, 'Endpoint'>;

const BRACKETED = /^\[([^\]]+)\]:([^:]+)$/;
const PLAIN = /^([^:[\]]+):([^:]+)$/;

export function parseEndpoint(value: unknown, field = 'endpoint'): Result<Endpoint> {
  const s = requireString(value, field, 270);
  if (!s.ok) return s;
  const bracketed = BRACKETED.exec(s.value);
  const m = bracketed ?? PLAIN.exec(s.value);
  if (!m || m[1] === undefined || m[2] === undefined) {
    return err(
      invalidInput(
        field,
        `${quote(s.value)} must be host:port, or [IPv6]:port for IPv6 addresses`,
        problem('endpoint_form', { value: shown(s.value) }),
      ),
    );
  }
  const port = parsePort(m[2], field);
  if (!port.ok) return port;
  if (bracketed) {
    const ip = parseIpAddress(m[1], field);
    if (!ip.ok || !ip.value.includes(':')) {
      return err(
        invalidInput(
          field,
          `${quote(m[1])} in brackets must be an IPv6 address`,
          problem('bracketed_not_ipv6', { value: shown(m[1]) }),
        ),
      );
    }
    return ok(`[${ip.value}]:${port.value}` as Endpoint);
  }
  const ip = parseIpAddress(m[1], field);
  if (ip.ok) return ok(`${ip.value}:${port.value}` as Endpoint);
  const host = parseDomainName(m[1], field);
  if (!host.ok) {
    return err(notIpOrHost(field, m[1]));
  }
  return ok(`${host.value}:${port.value}` as Endpoint);
}

/** Neither an address nor a name: said alike of an endpoint's host and a box's. */
export function notIpOrHost(field: string, raw: string): AppError {
  return invalidInput(
    field,
    `${quote(raw)} is neither an IP address nor a host name`,
    problem('not_ip_or_host', { value: shown(raw) }),
  );
}
