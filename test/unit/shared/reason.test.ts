// Reasons are stored as JSON text in columns that once held English sentences:
// both read back, nothing needs migrating.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeReason, encodeReason, type Reason } from '../../../shared/reason';

const cases: [string, string | null, Reason | null][] = [
  ['no reason', null, null],
  [
    'a sentence from before codes',
    'disconnected by admin',
    { code: 'text', text: 'disconnected by admin' },
  ],
  ['JSON that is no reason', '{"code":"nope"}', { code: 'text', text: '{"code":"nope"}' }],
  ['a number', '42', { code: 'text', text: '42' }],
  [
    'a code with its parameters',
    encodeReason({ code: 'over_limit', user: 'ana', online: 3, limit: 2 }),
    { code: 'over_limit', user: 'ana', online: 3, limit: 2 },
  ],
  [
    'a time-up with the cut inside',
    encodeReason({ code: 'time_up', after: { code: 'admin_cut', actor: 'bo', forSeconds: 60 } }),
    { code: 'time_up', after: { code: 'admin_cut', actor: 'bo', forSeconds: 60 } },
  ],
];
for (const [what, stored, expected] of cases) {
  test(`decodeReason: ${what}`, () => assert.deepEqual(decodeReason(stored), expected));
}
