// How a bulk create is cut into parts for the kernel (issue 17): a part per
// PART_PEERS at most, as even as can be, every peer in exactly one part.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PART_PEERS, partSizes } from '../../../main/services/peers/bulk';

test('a bulk up to PART_PEERS is one part; above, parts of at most PART_PEERS, as even as can be', () => {
  assert.deepEqual(partSizes(1), [1]);
  assert.deepEqual(partSizes(PART_PEERS), [PART_PEERS]);
  assert.deepEqual(partSizes(PART_PEERS + 1), [1251, 1250]);
  assert.deepEqual(partSizes(10_000), [2500, 2500, 2500, 2500]);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 65_536 }), (count) => {
      const sizes = partSizes(count);
      assert.equal(
        sizes.reduce((sum, n) => sum + n, 0),
        count,
      );
      assert.equal(sizes.length, Math.ceil(count / PART_PEERS));
      assert.ok(sizes.every((n) => n >= 1 && n <= PART_PEERS));
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
    }),
  );
});
