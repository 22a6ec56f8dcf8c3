// `wg show … dump` output holds the private key and PSKs: LocalHost parses it
// as bytes and wipes them (wipedAfter), so what the parse hands back must be
// copies that outlive the wipe, and the wipe must happen when the parse fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wipedAfter } from '../../../main/host/redact';
import { DumpParser, parseDumpAll } from '../../../main/wireguard';
import { k } from '../wireguard/conf-fixtures';

const text =
  [
    `wg0\t${k(1)}\t${k(2)}\t51820\toff`,
    `wg0\t${k(3)}\t${k(4)}\t[fe80::1%wé0]:51820\t10.0.0.2/32,fd00::2/128\t1700000000\t5\t6\t25`,
  ].join('\n') + '\n';

describe('a dump read as bytes, then wiped', () => {
  test('the result is intact after the wipe, and every byte is zero', () => {
    const bytes = Buffer.from(text, 'utf8');
    const parser = new DumpParser();
    const read = wipedAfter(bytes, (b) => parser.parseAll(b));
    assert.ok(bytes.every((b) => b === 0));
    assert.deepEqual(read, parseDumpAll(text));
    // The parser's memory of this dump (what the next one compares with) is intact too.
    const again = Buffer.from(text, 'utf8');
    assert.deepEqual(
      wipedAfter(again, (b) => parser.parseAll(b)),
      read,
    );
  });

  test('a parse that fails still wipes the bytes', () => {
    const bytes = Buffer.from(text.replace('51820\toff', 'port\toff'), 'utf8');
    assert.throws(() => wipedAfter(bytes, (b) => parseDumpAll(b)), /listen port/);
    assert.ok(bytes.every((b) => b === 0));
  });
});
