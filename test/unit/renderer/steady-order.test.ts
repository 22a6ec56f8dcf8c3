import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keepOrder } from '../../../renderer/lib/steady-order';

const rows = (...ids: number[]) => ids.map((id) => ({ id, v: `v${id}` }));

describe('keepOrder', () => {
  const cases: [string, number[], number[], number[]][] = [
    ['a re-sort is undone', [1, 2, 3], [2, 3, 1], [1, 2, 3]],
    ['a row gone is dropped', [1, 2, 3], [3, 1], [1, 3]],
    ['a new row comes last', [1, 2], [3, 2, 1], [1, 2, 3]],
    ['nothing before: the new order', [], [2, 1], [2, 1]],
  ];
  for (const [name, prev, next, expected] of cases) {
    test(name, () => {
      assert.deepEqual(
        keepOrder(rows(...prev), rows(...next)).map((r) => r.id),
        expected,
      );
    });
  }
  test('the rows are the new objects, not the old ones', () => {
    const next = [{ id: 1, v: 'new' }];
    assert.equal(keepOrder([{ id: 1, v: 'old' }], next)[0], next[0]);
  });
});
