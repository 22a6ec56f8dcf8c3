import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogEntry } from '../../../main/services/logs/protocols';
import type { InterfaceId, PeerId, UserId } from '../../../main/store/types';
import { connectionsCsv, CSV_HEADER } from '../../../main/services/logs/csv';

// The quoting rules are shared/csv.ts's (test/unit/shared/csv.test.ts); this
// checks the columns the connection log adds.

const entry: LogEntry = {
  protocol: 'wireguard',
  openvpnServerId: null,
  id: 1,
  peerId: 5 as PeerId,
  userId: 2 as UserId,
  at: Date.UTC(2024, 0, 2, 3, 4, 5),
  event: 'limit_disconnect',
  endpoint: '192.0.2.2:51820',
  rx: 100,
  tx: 200,
  detail: 'over the device limit of alice (2 online, limit 1)',
  interfaceId: 1 as InterfaceId,
  peerName: 'phone, old',
  userName: 'alice',
};

test('a row, with RX/TX named from the server side', () => {
  const [header, row, end] = connectionsCsv([entry]).split('\r\n');
  assert.equal(header, CSV_HEADER.join(','));
  assert.match(header ?? '', /bytes_received_from_peer,bytes_sent_to_peer/);
  assert.equal(
    row,
    '2024-01-02T03:04:05.000Z,limit_disconnect,5,"phone, old",1,2,alice,192.0.2.2:51820,100,200,' +
      '"over the device limit of alice (2 online, limit 1)",wireguard,',
  );
  assert.equal(end, '');
});

test('no user, endpoint or detail: empty fields', () => {
  const row = connectionsCsv([
    { ...entry, userId: null, userName: null, endpoint: null, detail: null },
  ]).split('\r\n')[1];
  assert.equal(
    row,
    '2024-01-02T03:04:05.000Z,limit_disconnect,5,"phone, old",1,,,,100,200,,wireguard,',
  );
});

test('issue 14: an OpenVPN session has no peer nor interface, its server instead', () => {
  const row = connectionsCsv([
    { ...entry, protocol: 'openvpn', peerId: null, interfaceId: null, openvpnServerId: 3 },
  ]).split('\r\n')[1];
  assert.match(
    row ?? '',
    /^2024-01-02T03:04:05.000Z,limit_disconnect,,"phone, old",,2,.*,openvpn,3$/,
  );
});
