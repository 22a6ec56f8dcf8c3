// Ports of an access rule as an admin writes them: "22", "8000-8100",
// "22, 80, 443, 8000-8100". One parser for the contract, the store and the
// helper, so "valid" means the same everywhere.
import { invalidInput } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';
import { shown } from '../validate/common';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** More than this is a firewall of its own, not one rule: split it. */
export const MAX_PORT_RANGES = 64;

function port(text: string, field: string): Result<number> {
  // Digits only: Number() would take "0x16", " 22 " or "2e1".
  if (!/^[0-9]{1,5}$/.test(text)) {
    return err(
      invalidInput(
        field,
        `"${text}" is not a port number`,
        problem('not_port', { value: shown(text) }),
      ),
    );
  }
  const n = Number(text);
  if (n < 1 || n > 65_535) {
    return err(
      invalidInput(field, `port ${n} is outside 1–65535`, problem('port_outside', { port: n })),
    );
  }
  return ok(n);
}

/** "22, 80-90" → [{22,22},{80,90}], sorted and merged; empty text → empty list (all ports). */
export function parsePorts(value: unknown, field = 'ports'): Result<PortRange[]> {
  if (typeof value !== 'string' || value.length > 1024) {
    return err(
      invalidInput(field, 'must be text like "22, 80, 8000-8100"', problem('ports_text', {})),
    );
  }
  const items = value.trim() === '' ? [] : value.split(',').map((x) => x.trim());
  if (items.length > MAX_PORT_RANGES) {
    return err(
      invalidInput(
        field,
        `at most ${MAX_PORT_RANGES} ports or ranges in one rule`,
        problem('ports_too_many', { max: MAX_PORT_RANGES }),
      ),
    );
  }
  const ranges: PortRange[] = [];
  for (const item of items) {
    const [a, b, extra] = item.split('-').map((x) => x.trim());
    if (a === undefined || extra !== undefined) {
      return err(
        invalidInput(
          field,
          `"${item}" is not a port or a range`,
          problem('not_port_range', { value: shown(item) }),
        ),
      );
    }
    const from = port(a, field);
    if (!from.ok) return from;
    const to = b === undefined ? from : port(b, field);
    if (!to.ok) return to;
    if (to.value < from.value) {
      return err(
        invalidInput(
          field,
          `range ${item} ends before it starts`,
          problem('range_backwards', { value: shown(item) }),
        ),
      );
    }
    ranges.push({ from: from.value, to: to.value });
  }
  return ok(mergeRanges(ranges));
}

/** Sorted, with touching and overlapping ranges merged: nft refuses overlapping set elements. */
export function mergeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((x, y) => x.from - y.from);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.from <= last.to + 1) {
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
    } else out.push(r);
  }
  return out;
}

/** The canonical text of ranges: what the store keeps and the UI shows. */
export function portsText(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ');
}

export function portIn(ranges: readonly PortRange[], p: number): boolean {
  return ranges.some((r) => r.from <= p && p <= r.to);
}
