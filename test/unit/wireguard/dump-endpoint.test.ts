// The dump's endpoint field, checked in place (issue 17) exactly as the
// string-and-regex check before it: the same texts taken, the same refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DumpLines } from '../../../main/wireguard/dump-fields';

/** The check as it was: host and port cut out as strings, the port by regex. */
function before(s: string): boolean {
  const colon = s.lastIndexOf(':');
  const host = s.slice(0, colon);
  const bracketed = host.startsWith('[') && host.endsWith(']');
  if (colon < 1 || (host.includes(':') && !bracketed) || host.includes(' ')) return false;
  const port = s.slice(colon + 1);
  return /^[0-9]{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

/** The field as the second of a line, so that text before it holds a colon too. */
function now(s: string): boolean {
  const l = new DumpLines(Buffer.from(`a:b\t${s}\tz\n`));
  l.advance();
  try {
    return l.endpoint(1) === s;
  } catch {
    return false;
  }
}

describe('dump endpoint', () => {
  const table: [string, boolean][] = [
    ['198.51.100.7:4500', true],
    ['1.2.3.4:1', true],
    ['1.2.3.4:65535', true],
    ['1.2.3.4:00080', true],
    ['[fe80::1%eth0]:51820', true],
    ['[::1]:65535', true],
    ['10.0.0.1', false],
    [':80', false],
    ['1.2.3.4:', false],
    ['1.2.3.4:0', false],
    ['1.2.3.4:65536', false],
    ['1.2.3.4:000080', false],
    ['1.2.3.4:8a', false],
    ['1.2.3.4:-1', false],
    ['fe80::1:5', false],
    ['[fe80::1:5', false],
    ['a b:80', false],
    ['[:5', true], // only the shape is checked,
  ];
  for (const [text, ok] of table) {
    test(`${text}: ${ok ? 'taken' : 'refused'}`, () => {
      assert.equal(now(text), ok);
      assert.equal(before(text), ok);
    });
  }

  test('any text: taken or refused as before', () => {
    const part = fc.constantFrom('[', ']', ':', ' ', '%', '0', '1', '9', '6', '5', 'a', '.');
    const text = fc.array(part, { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (s) => now(s) === before(s)),
      { numRuns: 20_000 },
    );
  });
});
