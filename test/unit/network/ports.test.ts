import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePorts, portIn, portsText } from '../../../shared/network/ports';

describe('parsePorts', () => {
  const good: [string, string][] = [
    ['', ''],
    ['22', '22'],
    [' 22 , 80 ', '22, 80'],
    ['8000-8100', '8000-8100'],
    ['443, 22, 80-90, 85-100, 101', '22, 80-101, 443'],
    ['1, 65535', '1, 65535'],
  ];
  for (const [input, want] of good) {
    test(`"${input}" → "${want}"`, () => {
      const r = parsePorts(input);
      assert.ok(r.ok);
      if (r.ok) assert.equal(portsText(r.value), want);
    });
  }
  const bad: [unknown, RegExp][] = [
    ['0', /outside 1–65535/],
    ['65536', /outside 1–65535/],
    ['22, 65536', /outside/],
    ['90-80', /ends before it starts/],
    ['0x16', /not a port number/],
    ['2e1', /not a port number/],
    ['22-', /not a port number/],
    ['1-2-3', /not a port or a range/],
    ['22;reboot', /not a port number/],
    [22, /must be text/],
    [Array.from({ length: 65 }, (_, i) => String(i + 1)).join(','), /at most 64/],
  ];
  for (const [input, problem] of bad) {
    test(`${JSON.stringify(input).slice(0, 30)} is InvalidInput on ports`, () => {
      const r = parsePorts(input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.deepEqual([r.error.kind, r.error.field], ['InvalidInput', 'ports']);
        assert.match(r.error.message, problem);
      }
    });
  }
  test('portIn', () => {
    const r = parsePorts('22, 80-90');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(
      [21, 22, 23, 80, 85, 90, 91].map((p) => portIn(r.value, p)),
      [false, true, false, true, true, true, false],
    );
  });
});
