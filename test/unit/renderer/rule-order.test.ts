import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reorder, type Ranked } from '../../../renderer/lib/rule-order';

const rules = (...priorities: number[]): Ranked[] =>
  priorities.map((priority, i) => ({ id: i + 1, priority }));

/** The ids in the order main would apply them once the changes are written (priority, then id). */
function applied(list: readonly Ranked[], changes: readonly Ranked[]): number[] {
  return list
    .map((r) => changes.find((c) => c.id === r.id) ?? r)
    .sort((a, b) => a.priority - b.priority || a.id - b.id)
    .map((r) => r.id);
}

describe('moving an access rule', () => {
  const cases: {
    name: string;
    list: Ranked[];
    from: number;
    to: number;
    order: number[];
    writes: number;
  }[] = [
    {
      name: 'down into a gap',
      list: rules(10, 20, 30),
      from: 0,
      to: 1,
      order: [2, 1, 3],
      writes: 1,
    },
    { name: 'up to the top', list: rules(10, 20, 30), from: 2, to: 0, order: [3, 1, 2], writes: 1 },
    { name: 'to the bottom', list: rules(10, 20, 30), from: 0, to: 2, order: [2, 3, 1], writes: 1 },
    {
      name: 'no gap: renumbered',
      list: rules(1, 2, 3),
      from: 2,
      to: 1,
      order: [1, 3, 2],
      writes: 3,
    },
    {
      name: 'between equal priorities: renumbered',
      list: rules(5, 5, 5),
      from: 2,
      to: 1,
      order: [1, 3, 2],
      writes: 3,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const changes = reorder(c.list, c.from, c.to);
      assert.deepEqual(applied(c.list, changes), c.order);
      assert.equal(changes.length, c.writes);
    });
  }
  test('nothing to write for no move or an index outside the list', () => {
    assert.deepEqual(reorder(rules(10, 20), 1, 1), []);
    assert.deepEqual(reorder(rules(10, 20), 0, 2), []);
    assert.deepEqual(reorder(rules(10, 20), 5, 0), []);
  });
});
