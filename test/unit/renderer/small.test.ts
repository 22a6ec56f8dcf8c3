import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AUDIT_CSV_HEADER, auditCsv, timeBounds } from '../../../renderer/lib/csv';
import { formErrorsFrom, orNull, splitList } from '../../../renderer/lib/form-errors';
import { matchLanguage } from '../../../renderer/lib/language';
import {
  apiUrlFor,
  backoffDelay,
  isRefusal,
  linkMessage,
  tokenFromHash,
} from '../../../renderer/lib/link';
import { liveView } from '../../../renderer/lib/live-view';
import { NEVER } from '../../../renderer/lib/date-time';
import { omitKeys } from '../../../renderer/lib/records';
import { hashToRoute, routeToHash } from '../../../renderer/lib/route';
import { peer, stats } from './fixtures';

describe('liveView', () => {
  test('a disconnected peer keeps its last totals, with no handshake and no rate', () => {
    const v = liveView(
      peer(1, { disconnected: true }),
      stats(1, { rxTotal: 50, txTotal: 60, lastHandshake: 9, rxRate: 5 }),
    );
    assert.deepEqual(v, {
      status: 'disconnected',
      endpoint: null,
      lastHandshake: null,
      rx: 50,
      tx: 60,
      rate: 0,
      outReason: null,
    });
  });
  test('no stats yet: never connected, configured endpoint shown', () => {
    const v = liveView(peer(1, { endpoint: 'gw.example.net:51820' }), undefined);
    assert.equal(v.status, 'never');
    assert.equal(v.endpoint, 'gw.example.net:51820');
  });
  test('live numbers, rate in both directions', () => {
    const v = liveView(peer(1), stats(1, { rxTotal: 10, txTotal: 20, rxRate: 3, txRate: 4 }));
    assert.deepEqual([v.status, v.rx, v.tx, v.rate], ['online', 10, 20, 7]);
  });
  test('a disabled peer is out of the kernel too', () => {
    assert.equal(liveView(peer(1, { enabled: false }), stats(1)).status, 'disabled');
  });
});

describe('formErrorsFrom', () => {
  test('InvalidInput goes next to its field, without the field prefix', () => {
    assert.deepEqual(
      formErrorsFrom({
        kind: 'InvalidInput',
        field: 'listenPort',
        message: 'listenPort: must be 1-65535',
      }),
      {
        fields: { listenPort: 'must be 1-65535' },
        form: null,
      },
    );
  });
  test('a list item error belongs to the list field', () => {
    const e = formErrorsFrom({
      kind: 'InvalidInput',
      field: 'addresses.1',
      message: 'addresses.1: not a CIDR',
    });
    assert.deepEqual(e.fields, { addresses: 'not a CIDR' });
  });
  test('every field main named lands on its field at once', () => {
    const e = formErrorsFrom({
      kind: 'InvalidInput',
      field: 'name',
      message: 'name: bad; listenPort: too big',
      fields: { name: 'bad', listenPort: 'too big', 'addresses.0': 'not a CIDR' },
    });
    assert.deepEqual(e, {
      fields: { name: 'bad', listenPort: 'too big', addresses: 'not a CIDR' },
      form: null,
    });
  });
  test('a Conflict naming a field lands on it; a field the form does not show goes on top', () => {
    const overlap = {
      kind: 'Conflict',
      field: 'ipv4Address',
      message: 'ipv4Address: network 10.0.0.0/24 overlaps 10.0.0.0/24 of interface wg0',
    };
    assert.deepEqual(formErrorsFrom(overlap).fields, {
      ipv4Address: 'network 10.0.0.0/24 overlaps 10.0.0.0/24 of interface wg0',
    });
    assert.deepEqual(formErrorsFrom(overlap, new Set(['name'])), {
      fields: {},
      form: 'network 10.0.0.0/24 overlaps 10.0.0.0/24 of interface wg0',
    });
  });
  test('other kinds, and errors without a field, go to the top of the form', () => {
    assert.deepEqual(formErrorsFrom({ kind: 'Conflict', message: 'wg0 exists' }), {
      fields: {},
      form: 'wg0 exists',
    });
    assert.equal(formErrorsFrom({ kind: 'Internal', field: 'x', message: 'boom' }).form, 'boom');
    assert.equal(
      formErrorsFrom({ kind: 'InvalidInput', field: 'params', message: 'bad' }).form,
      'bad',
    );
  });
  test('splitList takes commas, spaces and newlines', () => {
    assert.deepEqual(splitList(' 10.0.0.0/24,10.1.0.0/24\n fd00::/64 ,, '), [
      '10.0.0.0/24',
      '10.1.0.0/24',
      'fd00::/64',
    ]);
  });
  test('orNull: blank is "not set", anything else is sent trimmed', () => {
    assert.equal(orNull(''), null);
    assert.equal(orNull('  \t'), null);
    assert.equal(orNull(' vpn.example.com:51820 '), 'vpn.example.com:51820');
  });
});

describe('csv', () => {
  // The quoting rules are shared/csv.ts's (test/unit/shared/csv.test.ts).
  test('the audit export: one row per entry, details as JSON, none as an empty field', () => {
    const entry = {
      id: 1,
      at: Date.UTC(2024, 0, 2, 3, 4, 5),
      actor: 'admin',
      action: 'peer.update',
      targetType: 'peer',
      targetId: '7',
      details: { before: { name: 'a' }, after: { name: 'b' } },
    };
    assert.deepEqual(auditCsv([entry, { ...entry, targetId: null, details: {} }]).split('\r\n'), [
      AUDIT_CSV_HEADER.join(','),
      '2024-01-02T03:04:05.000Z,admin,peer.update,peer,7,' +
        '"{""before"":{""name"":""a""},""after"":{""name"":""b""}}"',
      '2024-01-02T03:04:05.000Z,admin,peer.update,peer,,',
      '',
    ]);
  });
  test('time bounds: an empty or unreadable field is no bound, not a bound at 0', () => {
    const at = (day: string, month: string, year: string, hour = '', minute = '', pm = false) => ({
      day,
      month,
      year,
      hour,
      minute,
      pm,
    });
    assert.deepEqual(timeBounds({ since: NEVER, until: NEVER }, false), {});
    assert.deepEqual(
      timeBounds({ since: at('31', '2', '2025'), until: at('31', '1', '2025', '14', '05') }, false),
      {
        until: new Date(2025, 0, 31, 14, 5).getTime(),
      },
    );
    assert.deepEqual(timeBounds({ since: at('1', '1', '2025'), until: at('1', '', '') }, false), {
      since: new Date(2025, 0, 1, 0, 0).getTime(),
    });
    // A 12-hour clock: 2 PM is 14:00.
    assert.deepEqual(
      timeBounds({ since: at('1', '1', '2025', '2', '00', true), until: NEVER }, true),
      {
        since: new Date(2025, 0, 1, 14, 0).getTime(),
      },
    );
  });
});

describe('link helpers', () => {
  test('token from the fragment', () => {
    assert.equal(tokenFromHash('#token=abc123'), 'abc123');
    assert.equal(tokenFromHash('#x=1&token=t%2Bk'), 't+k');
    assert.equal(tokenFromHash(''), null);
    assert.equal(tokenFromHash('#token='), null);
  });
  test('ws for http, wss for https, same host', () => {
    assert.equal(apiUrlFor('http:', '127.0.0.1:7420'), 'ws://127.0.0.1:7420/api');
    assert.equal(apiUrlFor('https:', 'box:443'), 'wss://box:443/api');
  });
  test('backoff doubles from 0.5 s, capped at 15 s, jittered by at most 20 %', () => {
    const mid = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffDelay(a, mid)),
      [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000],
    );
    assert.equal(
      backoffDelay(1, () => 0),
      400,
    );
    assert.equal(
      backoffDelay(1, () => 1),
      600,
    );
  });
  test('refusal codes stop the retries; a restart does not', () => {
    assert.equal(isRefusal(4401), true);
    assert.equal(isRefusal(1008), true);
    assert.equal(isRefusal(1001), false);
    assert.equal(isRefusal(1006), false);
    assert.equal(isRefusal(1013), false);
  });
  test('the banner: nothing when open; once the link was lost, what to check; a refusal says it alone', () => {
    assert.equal(linkMessage({ kind: 'open' }), null);
    const first = linkMessage({ kind: 'connecting', attempt: 1 });
    assert.deepEqual([first?.key, first?.fix], ['link.connecting', null]);
    const again = linkMessage({ kind: 'connecting', attempt: 3 });
    assert.deepEqual([again?.key, again?.fix], ['link.retrying', 'link.lostFix']);
    const waiting = linkMessage({ kind: 'waiting', retryInMs: 3100, attempt: 3 });
    assert.deepEqual(
      [waiting?.key, waiting?.params, waiting?.fix, waiting?.tone],
      ['link.waiting', { s: 4 }, 'link.lostFix', 'warn'],
    );
    const refused = linkMessage({ kind: 'refused', reason: 'wrong token' });
    assert.deepEqual(
      [refused?.key, refused?.params, refused?.fix, refused?.tone],
      ['link.refused', { reason: 'wrong token' }, null, 'error'],
    );
  });
});

describe('matchLanguage', () => {
  test('exact, then by primary language, else English', () => {
    assert.equal(matchLanguage(['pt-BR']), 'pt-BR');
    assert.equal(matchLanguage(['pt-PT', 'en']), 'pt-BR');
    assert.equal(matchLanguage(['fr-CA']), 'fr');
    assert.equal(matchLanguage(['de-DE', 'fr']), 'fr');
    assert.equal(matchLanguage(['de']), 'en');
    assert.equal(matchLanguage([]), 'en');
  });
});

describe('omitKeys', () => {
  test('copies without the keys, numbers or strings', () => {
    const r = { '1': true, '2': true } as const;
    assert.deepEqual(omitKeys(r, [1]), { '2': true });
    assert.deepEqual(r, { '1': true, '2': true });
  });
});

describe('routes in the fragment', () => {
  const routes = [
    { page: 'servers' },
    { page: 'peers', interfaceId: 3 },
    { page: 'peer', peerId: 42 },
    { page: 'network', interfaceId: 3 },
    { page: 'users' },
    { page: 'logs' },
    { page: 'settings' },
    { page: 'server-settings', interfaceId: 3 },
    { page: 'server-history', interfaceId: 3 },
  ] as const;
  for (const r of routes) {
    test(`${routeToHash(r)} round-trips`, () => assert.deepEqual(hashToRoute(routeToHash(r)), r));
  }
  test('anything else is the overview', () => {
    for (const h of [
      '',
      '#',
      '#token=abc',
      '#/servers/0',
      '#/servers/x',
      '#/peers/',
      '#/users/1',
      '#/servers/1/2',
      '#/servers/0/network',
      '#/servers/1/network/2',
      '#/servers/1/settings/x',
      '#/peers/1/settings',
      '#/nope',
    ]) {
      assert.deepEqual(hashToRoute(h), { page: 'servers' }, h);
    }
  });
});
