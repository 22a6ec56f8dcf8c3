import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { unwrap } from '../../../shared/result';
import { parseInterfaceName } from '../../../shared/validate';
import { expandHook, HOOK_PHASES, parseHookPhase } from '../../../main/host/hook';
import { parseHookCommand } from '../../../main/wireguard';

const wg0 = unwrap(parseInterfaceName('wg0'));
const hook = (s: string) => unwrap(parseHookCommand(s));

describe('expandHook: wg-quick substitution', () => {
  const cases: [string, string][] = [
    ['iptables -A FORWARD -i %i -j ACCEPT', 'iptables -A FORWARD -i wg0 -j ACCEPT'],
    ['echo %i %i', 'echo wg0 wg0'],
    // bash's ${hook//%i/$INTERFACE} does not treat "%%" as an escape either.
    ['printf "%%i"', 'printf "%wg0"'],
    ['echo %I %d 100%', 'echo %I %d 100%'],
    ['ip link set %i.1 up', 'ip link set wg0.1 up'],
  ];
  for (const [input, expected] of cases) {
    test(input, () => assert.equal(expandHook(hook(input), wg0), expected));
  }

  test('a valid name adds no shell syntax whatever the hook says', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 16 }), fc.stringMatching(/^[a-zA-Z0-9_=+.-]{1,15}$/)),
        (raw) => {
          const name = parseInterfaceName(raw);
          if (!name.ok) return;
          assert.equal(expandHook(hook('x %i y'), name.value), `x ${raw} y`);
          assert.doesNotMatch(raw, /[;&|$`'"\\<>(){}*?[\]~#!\s]|^-/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseHookPhase', () => {
  test('the four phases pass', () => {
    for (const p of HOOK_PHASES) assert.deepEqual(parseHookPhase(p), { ok: true, value: p });
  });
  test('anything else is InvalidInput on the field', () => {
    for (const bad of ['PreUp', 'up', '', '__proto__', 'constructor', 1, null, undefined, {}]) {
      const r = parseHookPhase(bad);
      assert.equal(r.ok, false, String(bad));
      if (!r.ok) assert.deepEqual([r.error.kind, r.error.field], ['InvalidInput', 'phase']);
    }
  });
});
