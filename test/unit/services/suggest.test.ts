import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suggestNewServer, type TakenServer } from '../../../main/services/interfaces/suggest';

const server = (name: string, listenPort: number | null, ipv4Network: string | null) => ({
  name,
  listenPort,
  ipv4Network,
});

describe('suggestNewServer', () => {
  const cases: [string, TakenServer[], ReturnType<typeof suggestNewServer>][] = [
    ['nothing yet', [], { name: 'wg0', listenPort: 51820, ipv4Address: '10.8.0.1/24' }],
    [
      'skips what is taken',
      [server('wg0', 51820, '10.8.0.0/24'), server('wg1', 51821, '10.9.0.0/24')],
      { name: 'wg2', listenPort: 51822, ipv4Address: '10.10.0.1/24' },
    ],
    [
      'a wider network covers several /24s',
      [server('office', 51821, '10.8.0.0/15')],
      { name: 'wg0', listenPort: 51820, ipv4Address: '10.10.0.1/24' },
    ],
    [
      'the whole 10/8 taken: no network to offer',
      [server('big', 51820, '10.0.0.0/8')],
      { name: 'wg0', listenPort: 51821, ipv4Address: null },
    ],
  ];
  for (const [name, taken, expected] of cases) {
    test(name, () => assert.deepEqual(suggestNewServer(taken), expected));
  }
});
