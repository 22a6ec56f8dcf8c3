// Parsing what OpenVPN 2.6's management interface prints: `status 3` rows
// found by their header's names, and >CLIENT notifications.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../shared/errors';
import { parseClientNotification, parseStatus } from '../../../main/openvpn/status';

const HEADER =
  'HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\t' +
  'Bytes Received\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\t' +
  'Peer ID\tData Channel Cipher';

// As OpenVPN 2.6.14 printed it for a certificate whose CN held a quote, CR/LF and a keyword:
// it replaces the line breaks with '_', and the rest stays text.
const EVIL = 'ev "il__client-kill 0_status';

const STATUS = [
  'TITLE\tOpenVPN 2.6.14 x86_64-pc-linux-gnu',
  'TIME\t2026-12-05 05:37:45\t1796449065',
  HEADER,
  `CLIENT_LIST\t${EVIL}\t127.0.0.1:42461\t10.99.0.2\t\t1560\t1732\t2026-12-05 05:37:40\t1796449060\tUNDEF\t0\t0\tAES-256-GCM`,
  'CLIENT_LIST\tc1\t[AF_INET6]::1:58522\t10.99.0.3\tfd00::3\t1601\t1693\t2026-12-05 05:37:41\t1796449061\tbob\t1\t1\tAES-256-GCM',
  'HEADER\tROUTING_TABLE\tVirtual Address\tCommon Name\tReal Address\tLast Ref\tLast Ref (time_t)',
  `ROUTING_TABLE\t10.99.0.2\t${EVIL}\t127.0.0.1:42461\t2026-12-05 05:37:40\t1796449060`,
  'GLOBAL_STATS\tMax bcast/mcast queue length\t2',
];

describe('parseStatus', () => {
  test('reads every session, names as text', () => {
    assert.deepEqual(parseStatus(STATUS), [
      {
        clientId: 0,
        commonName: EVIL,
        username: null,
        realAddress: '127.0.0.1:42461',
        virtualAddress: '10.99.0.2',
        virtualIpv6: null,
        rx: 1560,
        tx: 1732,
        connectedSince: 1796449060_000,
      },
      {
        clientId: 1,
        commonName: 'c1',
        username: 'bob',
        realAddress: '[AF_INET6]::1:58522',
        virtualAddress: '10.99.0.3',
        virtualIpv6: 'fd00::3',
        rx: 1601,
        tx: 1693,
        connectedSince: 1796449061_000,
      },
    ]);
  });

  test('no sessions', () => {
    assert.deepEqual(parseStatus([HEADER]), []);
  });

  test('columns are found by name, in any order', () => {
    const cols = HEADER.split('\t');
    const swapped = [cols[0], cols[1], ...cols.slice(2).reverse()].join('\t');
    const row = 'CLIENT_LIST\t' + STATUS[4]?.split('\t').slice(1).reverse().join('\t');
    assert.equal(parseStatus([swapped, row])[0]?.username, 'bob');
  });

  const broken: [string, string[], string][] = [
    ['no header', [STATUS[3] ?? ''], 'CommandFailed'],
    ['a missing column', [HEADER.replace('\tClient ID', '')], 'Incompatible'],
    [
      'a client id that is not a number',
      [HEADER, STATUS[3]?.replace('\t0\t0\t', '\tx\t0\t') ?? ''],
      'CommandFailed',
    ],
    ['negative bytes', [HEADER, STATUS[3]?.replace('1560', '-1') ?? ''], 'CommandFailed'],
  ];
  for (const [what, lines, kind] of broken) {
    test(`refuses ${what}`, () => {
      assert.throws(
        () => parseStatus(lines),
        (e: unknown) => e instanceof AppError && e.kind === kind,
      );
    });
  }
});

describe('parseClientNotification', () => {
  const cases: [string, ReturnType<typeof parseClientNotification>][] = [
    ['>CLIENT:ESTABLISHED,0', { event: 'ESTABLISHED', clientId: 0 }],
    ['>CLIENT:DISCONNECT,17', { event: 'DISCONNECT', clientId: 17 }],
    ['>CLIENT:CONNECT,4,1', { event: 'CONNECT', clientId: 4 }],
    ['>CLIENT:ENV,common_name=client-kill 0', null],
    ['>CLIENT:ENV,END', null],
    ['>INFO:OpenVPN Management Interface Version 5', null],
    ['CLIENT:ESTABLISHED,0', null],
  ];
  for (const [line, want] of cases) {
    test(line, () => assert.deepEqual(parseClientNotification(line), want));
  }
});
