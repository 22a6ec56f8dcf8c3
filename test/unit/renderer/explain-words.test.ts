// "explain"'s reason worded from its code, in each language.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tIn } from './words';
import type { ExplainReason } from '../../../shared/network/explain-reason';
import { explainWords } from '../../../renderer/lib/explain-words';

const rule = (id: number) => `SSH to the NAS (#${id})`;

describe('explainWords', () => {
  const cases: [string, ExplainReason, string][] = [
    ['en', { code: 'rule', ruleId: 4, allowed: true }, 'SSH to the NAS (#4) allows it'],
    ['fr', { code: 'rule', ruleId: 4, allowed: false }, 'SSH to the NAS (#4) l’interdit'],
    ['pt-BR', { code: 'rule', ruleId: 4, allowed: true }, 'SSH to the NAS (#4) permite'],
    ['en', { code: 'server_open' }, 'no rule denies the server itself'],
    [
      'fr',
      { code: 'policy', policy: 'isolate' },
      'isolation des clients : les pairs ne peuvent pas se joindre',
    ],
    [
      'pt-BR',
      { code: 'reach', reach: 'networks' },
      'os clientes podem alcançar as redes atrás do servidor',
    ],
  ];
  for (const [lng, reason, want] of cases) {
    test(`${lng}: ${reason.code}`, async () => {
      assert.equal(explainWords(await tIn(lng), reason, rule), want);
    });
  }
  test('every code is worded in every language, never as its key', async () => {
    const all: ExplainReason[] = [
      { code: 'rule', ruleId: 1, allowed: true },
      { code: 'rule', ruleId: 1, allowed: false },
      { code: 'server_open' },
      ...(['allow', 'isolate', 'deny'] as const).map((policy) => ({
        code: 'policy' as const,
        policy,
      })),
      ...(['server', 'networks', 'internet'] as const).map((reach) => ({
        code: 'reach' as const,
        reach,
      })),
    ];
    for (const lng of ['en', 'fr', 'pt-BR']) {
      const t = await tIn(lng);
      for (const r of all) assert.doesNotMatch(explainWords(t, r, rule), /explainReasons/, lng);
    }
  });
});
