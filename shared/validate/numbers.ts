import type { Brand } from '../brand';
import { invalidInput } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';

export type Port = Brand<number, 'Port'>;
export type Keepalive = Brand<number, 'Keepalive'>;
export type Mtu = Brand<number, 'Mtu'>;
export type FwMark = Brand<number, 'FwMark'>;
/** A speed limit in kbit/s (tc's `kbit`: 1000 bit/s). */
export type SpeedKbps = Brand<number, 'SpeedKbps'>;
/** wg-quick's Table: "off", "auto", a routing table number, or a name from rt_tables. */
export type RouteTable = Brand<string, 'RouteTable'>;

/** Integers arrive as numbers from JSON and as digits from .conf files and forms. */
function integer(value: unknown, field: string, min: number, max: number): Result<number> {
  let n = NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^[0-9]{1,10}$/.test(value.trim()))
    n = Number(value.trim());
  if (!Number.isInteger(n) || n < min || n > max) {
    return err(
      invalidInput(
        field,
        `must be a whole number from ${min} to ${max}`,
        problem('whole_number', { min, max }),
      ),
    );
  }
  return ok(n);
}

export function parsePort(value: unknown, field = 'port'): Result<Port> {
  return integer(value, field, 1, 65535) as Result<Port>;
}

/** Seconds between keepalives; 0 (or "off", as `wg` prints it) turns them off. */
export function parseKeepalive(value: unknown, field = 'persistentKeepalive'): Result<Keepalive> {
  if (value === 'off') return ok(0 as Keepalive);
  return integer(value, field, 0, 65535) as Result<Keepalive>;
}

// 576 is the smallest datagram every IPv4 host must accept; IPv4-only tunnels over
// awkward links do go below 1280. (An interface that carries IPv6 needs 1280: that
// is a check across fields, made where both the MTU and the addresses are known.)
// 9000 is the common jumbo-frame ceiling; beyond it the outer packet cannot fit anywhere.
export function parseMtu(value: unknown, field = 'mtu'): Result<Mtu> {
  return integer(value, field, 576, 9000) as Result<Mtu>;
}

export function parseFwMark(value: unknown, field = 'fwMark'): Result<FwMark> {
  if (value === 'off') return ok(0 as FwMark);
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,8}$/.test(value.trim())) {
    return ok(Number.parseInt(value.trim().slice(2), 16) as FwMark);
  }
  return integer(value, field, 0, 0xffffffff) as Result<FwMark>;
}

/**
 * A table name as iproute2 reads /etc/iproute2/rt_tables: one word. Ours also
 * starts with a letter, so it is never read as a number or an option of `ip`.
 * Whether the name exists is the machine's business (see kernel/route-table.ts).
 */
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** 10 Gbit/s: above any link wireguard-go or the kernel module carries per peer. */
export const MAX_SPEED_KBPS = 10_000_000;

export function parseSpeedKbps(value: unknown, field = 'speed'): Result<SpeedKbps> {
  return integer(value, field, 1, MAX_SPEED_KBPS) as Result<SpeedKbps>;
}

export function parseRouteTable(value: unknown, field = 'table'): Result<RouteTable> {
  if (value === 'off' || value === 'auto') return ok(value as RouteTable);
  if (typeof value === 'string' && TABLE_NAME.test(value.trim())) {
    return ok(value.trim() as RouteTable);
  }
  const n = integer(value, field, 1, 0xffffffff);
  if (!n.ok) {
    return err(
      invalidInput(
        field,
        'must be "off", "auto", a routing table number or a table name',
        problem('route_table', {}),
      ),
    );
  }
  return ok(String(n.value) as RouteTable);
}
