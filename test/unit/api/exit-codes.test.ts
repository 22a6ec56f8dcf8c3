import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_KINDS } from '../../../shared/errors';
import { EXIT_CODES, EXIT_OK, kindOfExitCode } from '../../../main/cli/exit-codes';

test('every error kind has its own exit status, none of them 0 or 1', () => {
  const codes = ERROR_KINDS.map((k) => EXIT_CODES[k]);
  assert.equal(new Set(codes).size, ERROR_KINDS.length);
  assert.ok(codes.every((c) => Number.isInteger(c) && c > 1 && c < 126));
  assert.equal(EXIT_OK, 0);
  for (const k of ERROR_KINDS) assert.equal(kindOfExitCode(EXIT_CODES[k]), k);
  assert.equal(kindOfExitCode(0), undefined);
});
