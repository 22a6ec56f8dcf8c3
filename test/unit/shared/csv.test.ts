import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, toCsv, type CsvValue } from '../../../shared/csv';

describe('csvCell', () => {
  const cases: [string, CsvValue, string][] = [
    ['plain', 'laptop', 'laptop'],
    ['empty', '', ''],
    ['null is an empty field', null, ''],
    ['comma', 'a,b', '"a,b"'],
    ['quote', 'say "hi"', '"say ""hi"""'],
    ['line break', 'a\nb', '"a\nb"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ['formula, quoted after the apostrophe', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['plus', '+1 phone', "'+1 phone"],
    ['at', '@home', "'@home"],
    ['minus text', '-rm', "'-rm"],
    ['text that looks like a negative number is still text', '-1', "'-1"],
    ['leading tab', '\tcmd', "'\tcmd"],
    ['leading CR', '\r=1', `"'\r=1"`],
    ['a sign later on is harmless', 'a=b', 'a=b'],
    ['a number', 42, '42'],
    ['a negative number is a number', -1, '-1'],
    ['a fraction', 1.5, '1.5'],
  ];
  for (const [name, input, want] of cases) test(name, () => assert.equal(csvCell(input), want));
});

describe('toCsv', () => {
  test('a header, then one record per row, every record ended by CRLF', () => {
    assert.equal(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [null, 'y,z'],
        ],
      ),
      'a,b\r\n1,x\r\n,"y,z"\r\n',
    );
  });
  test('no rows: the header alone', () => {
    assert.equal(toCsv(['a', 'b'], []), 'a,b\r\n');
  });
});
