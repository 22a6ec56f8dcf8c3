import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConnectionEntry } from '../../../main/store/connections';
import type { InterfaceId, PeerId, UserId } from '../../../main/store/types';
import { cell, connectionsCsv, CSV_HEADER } from '../../../main/services/logs/csv';

describe('csv', () => {
  const cases: [string, string, string][] = [
    ['plain', 'laptop', 'laptop'],
    ['comma', 'a,b', '"a,b"'],
    ['quote', 'say "hi"', '"say ""hi"""'],
    ['formula', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['plus', '+1 phone', "'+1 phone"],
    ['at', '@home', "'@home"],
    ['a negative number is a number', '-5', '-5'],
    ['minus text', '-rm', "'-rm"],
    ['line break', 'a\nb', '"a\nb"'],
  ];
  for (const [name, input, want] of cases) test(name, () => assert.equal(cell(input), want));

  test('a row, with RX/TX named from the server side', () => {
    const entry: ConnectionEntry = {
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
    const [header, row, end] = connectionsCsv([entry]).split('\r\n');
    assert.equal(header, CSV_HEADER.join(','));
    assert.match(header ?? '', /bytes_received_from_peer,bytes_sent_to_peer/);
    assert.equal(
      row,
      '2024-01-02T03:04:05.000Z,limit_disconnect,5,"phone, old",1,2,alice,192.0.2.2:51820,100,200,' +
        '"over the device limit of alice (2 online, limit 1)"',
    );
    assert.equal(end, '');
  });
});
