import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OP_ARGS } from '../../../main/host/protocol/ops';

// The helper's own check of runHook, in-process: the real helper is driven
// through its stdin in test/integration/helper.test.ts.

const valid = { name: 'wg0', phase: 'postUp', command: 'iptables -A FORWARD -i %i -j ACCEPT' };

describe('runHook arguments', () => {
  test('a valid hook passes, trimmed as wg-quick trims it', () => {
    const r = OP_ARGS.runHook.safeParse({ ...valid, command: '  true  ' });
    assert.ok(r.success);
    assert.equal(r.data.command, 'true');
  });

  const bad: [string, unknown][] = [
    ['a line feed', 'true\ntouch /x'],
    ['a carriage return', 'true\rtrue'],
    ['a NUL', 'true\0'],
    ['a "#" (wg-quick would cut the line there)', 'echo a # b'],
    ['another control character', 'echo \u001b[31m'],
    ['more than 4096 characters', `true ${'x'.repeat(4096)}`],
    ['nothing', ''],
    ['only blanks', ' \t '],
    ['a number', 42],
    ['a list', ['true']],
    ['null', null],
  ];
  for (const [what, command] of bad) {
    test(`a command with ${what} is refused on the command field`, () => {
      const r = OP_ARGS.runHook.safeParse({ ...valid, command });
      assert.equal(r.success, false);
      assert.deepEqual(r.error?.issues[0]?.path, ['command']);
    });
  }

  test('phase is one of the four, name a valid interface name, no other keys', () => {
    for (const phase of ['PostUp', 'up', '', null]) {
      assert.equal(OP_ARGS.runHook.safeParse({ ...valid, phase }).success, false, String(phase));
    }
    for (const name of ['wg0; reboot', '-x', 'a'.repeat(16)]) {
      assert.equal(OP_ARGS.runHook.safeParse({ ...valid, name }).success, false, name);
    }
    assert.equal(OP_ARGS.runHook.safeParse({ ...valid, env: { LD_PRELOAD: '/x' } }).success, false);
    assert.equal(OP_ARGS.runHook.safeParse({ ...valid, timeoutMs: 1 }).success, false);
  });
});
