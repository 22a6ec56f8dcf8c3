/**
 * wg-quick's Table turned into the table site routes go in, and what the
 * settings preview says when it changes: which routes move, and where.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { parseCidr, parseRouteTable } from '../../../shared/validate';
import { parseRtTables, routeTableNumber } from '../../../main/services/kernel/route-table';
import { planSettings } from '../../../main/services/interfaces/settings-plan';
import type { InterfaceRecord } from '../../../main/store';
import { IFACE } from './fixtures';

const RT_TABLES = `#
# reserved values
#
255\tlocal
254\tmain
253\tdefault
0\tunspec
#1\tinr.ruhep
100 vpn_sites
0x20  hexa
`;

describe('routeTableNumber', () => {
  const names = parseRtTables(RT_TABLES);
  const number = (t: string | null) =>
    routeTableNumber(t === null ? null : unwrap(parseRouteTable(t)), names);

  test('off, auto, numbers and the names rt_tables gives', () => {
    const cases: [string | null, number | 'off'][] = [
      ['off', 'off'],
      ['auto', 254],
      [null, 254],
      ['1234', 1234],
      ['main', 254],
      ['vpn_sites', 100],
      ['hexa', 32],
    ];
    for (const [t, want] of cases) assert.equal(number(t), want, String(t));
  });

  test('a commented, unknown or unspecified name is refused naming the field', () => {
    for (const t of ['inr.ruhep', 'nosuch', 'unspec']) {
      assert.throws(
        () => number(t),
        (e: unknown) =>
          e instanceof AppError && e.kind === 'InvalidInput' && e.field === 'routeTable',
        t,
      );
    }
  });
});

describe('the preview of a Table change', () => {
  const site = [unwrap(parseCidr('192.168.5.0/24'))];
  const plan = (before: number | 'off', after: number | 'off', running = true) =>
    planSettings({
      before: IFACE,
      after: { ...IFACE, routeTable: 'x' } as unknown as InterfaceRecord,
      rotateKey: false,
      running,
      peers: [],
      siteRoutes: site,
      tables: { before, after },
    }).steps.map((s) => s.text);

  test('says which routes move, and where', () => {
    const cases: [number | 'off', number | 'off', string[]][] = [
      [254, 1234, ['ip route: move 192.168.5.0/24 from the main table to table 1234']],
      [1234, 'off', ['ip route: remove 192.168.5.0/24 from table 1234 (Table = off: no routes)']],
      ['off', 254, ['ip route: add 192.168.5.0/24 to the main table']],
      [254, 254, []],
    ];
    for (const [b, a, want] of cases) assert.deepEqual(plan(b, a), want, `${b} → ${a}`);
    assert.deepEqual(plan(254, 1234, false), [], 'a server that is down: nothing to move now');
  });
});
