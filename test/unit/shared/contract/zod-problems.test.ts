// What zod itself refuses gets a problem code the window words (issue 15,
// point 4): without one, "Too big: expected string to have <=64 characters"
// showed in English in every language.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { parseParams } from '../../../../shared/contract';

const schema = z.strictObject({
  name: z.string().min(1).max(3),
  note: z.string().min(4).optional(),
  id: z.number().int().positive(),
  count: z.number().int().min(2).max(9).optional(),
  below: z.number().lt(10).optional(),
  mode: z.enum(['full', 'split']),
  ids: z.array(z.number()).min(2).max(3).optional(),
  on: z.boolean().optional(),
  later: z
    .string()
    .refine((s) => s !== 'x', 'not x')
    .optional(),
});

const problemsOf = (raw: unknown): unknown => {
  const r = parseParams(schema, raw);
  assert.ok(!r.ok, 'refused');
  return r.error.fieldProblems;
};

describe('zod’s own refusals as codes', () => {
  const valid = { name: 'ab', id: 1, mode: 'full' };
  const cases: readonly (readonly [string, Record<string, unknown>, string, unknown])[] = [
    ['a text too long', { name: 'abcd' }, 'name', { code: 'too_long', params: { max: 3 } }],
    ['an empty text', { name: '' }, 'name', { code: 'empty', params: {} }],
    ['a text too short', { note: 'ab' }, 'note', { code: 'too_short', params: { min: 4 } }],
    ['a text that is a number', { name: 7 }, 'name', { code: 'not_text', params: {} }],
    ['a number that is text', { id: 'one' }, 'id', { code: 'not_number', params: {} }],
    ['a fraction for a whole number', { id: 1.5 }, 'id', { code: 'not_number', params: {} }],
    ['zero for a positive number', { id: 0 }, 'id', { code: 'more_than', params: { min: 0 } }],
    ['a number under its minimum', { count: 1 }, 'count', { code: 'at_least', params: { min: 2 } }],
    ['a number over its maximum', { count: 10 }, 'count', { code: 'at_most', params: { max: 9 } }],
    [
      'a number at a strict bound',
      { below: 10 },
      'below',
      { code: 'less_than', params: { max: 10 } },
    ],
    [
      'a value not in the list',
      { mode: 'half' },
      'mode',
      { code: 'one_of', params: { values: 'full, split' } },
    ],
    [
      'a list too long',
      { ids: [1, 2, 3, 4] },
      'ids',
      { code: 'too_many_items', params: { max: 3 } },
    ],
    ['a list too short', { ids: [1] }, 'ids', { code: 'too_few_items', params: { min: 2 } }],
    ['text for yes or no', { on: 'yes' }, 'on', { code: 'not_yes_no', params: {} }],
    [
      'a field the method does not take',
      { extra: 1 },
      'params',
      { code: 'unknown_fields', params: { keys: 'extra' } },
    ],
  ];
  for (const [what, change, field, expected] of cases) {
    test(what, () => {
      const r = parseParams(schema, { ...valid, ...change });
      assert.ok(!r.ok);
      assert.deepEqual(r.error.problem ?? r.error.fieldProblems?.[field], expected);
      assert.equal(r.error.field, field);
    });
  }

  test('a value left out is required, whatever its type', () => {
    assert.deepEqual(problemsOf({ note: 'abcd' }), {
      name: { code: 'required', params: {} },
      id: { code: 'required', params: {} },
      mode: { code: 'required', params: {} },
    });
  });

  test('a refinement with no code keeps its own message, uncoded', () => {
    const r = parseParams(schema, { ...valid, later: 'x' });
    assert.ok(!r.ok);
    assert.equal(r.error.problem, undefined);
    assert.equal(r.error.message, 'later: not x');
  });
});
