// Management commands: a name or address never reaches a command line; the
// only arguments are checked integers, and the password refuses line breaks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../shared/errors';
import {
  answersWithBlock,
  clientKillCommand,
  passwordLine,
  statusCommand,
} from '../../../main/openvpn/command';

function refused(fn: () => unknown, field: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof AppError && e.kind === 'InvalidInput' && e.field === field,
  );
}

describe('management commands', () => {
  test('status and client-kill are exactly one line each', () => {
    assert.equal(statusCommand(), 'status 3');
    assert.equal(clientKillCommand(0), 'client-kill 0');
    assert.equal(clientKillCommand(4_294_967_296), 'client-kill 4294967296');
    assert.equal(answersWithBlock(statusCommand()), true);
    assert.equal(answersWithBlock(clientKillCommand(3)), false);
  });

  const badIds: [string, unknown][] = [
    ['negative', -1],
    ['fraction', 1.5],
    ['NaN', NaN],
    ['infinite', Infinity],
    ['beyond 2^53', 2 ** 53],
    // A value that slipped past the types: a string with a second command in it.
    ['text with a command', '1\nsignal SIGTERM'],
    ['text with a space', '1 HALT'],
  ];
  for (const [what, id] of badIds) {
    test(`client-kill refuses a client id that is ${what}`, () => {
      refused(() => clientKillCommand(id as number), 'clientId');
    });
  }

  const badPasswords: [string, string][] = [
    ['LF', 'secret\nsignal SIGTERM'],
    ['CR', 'secret\rkill 0'],
    ['CRLF', 'secret\r\nclient-kill 0'],
    ['NUL', 'sec\0ret'],
    ['a C1 control', 'secret\u0085status'],
    ['empty', ''],
    ['over 256 characters', 'x'.repeat(257)],
  ];
  for (const [what, pw] of badPasswords) {
    test(`a password with ${what} is refused before anything is sent`, () => {
      refused(() => passwordLine(pw), 'password');
    });
  }

  test('a password with spaces and quotes is sent as it is (OpenVPN compares the raw line)', () => {
    assert.equal(passwordLine('a "b" c\\d'), 'a "b" c\\d');
  });
});
