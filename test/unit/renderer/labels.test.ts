import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditValue } from '../../../renderer/lib/audit';
import { freeParts } from '../../../renderer/lib/format';
import { nameTemplate } from '../../../renderer/lib/name-template';

describe('nameTemplate', () => {
  const render = (translation: string) => (slot: string) => translation.replace('{{name}}', slot);
  test('fills the name where the translation put it', () => {
    assert.equal(nameTemplate(render('Disconnect {{name}}'))('alice'), 'Disconnect alice');
    assert.equal(nameTemplate(render('Fermer « {{name}} »'))('x'), 'Fermer « x »');
  });
  test('names with the characters of interpolation and replacement patterns stay as typed', () => {
    const select = nameTemplate(render('Select {{name}}'));
    assert.equal(select('$& {{name}} $1'), 'Select $& {{name}} $1');
  });
  test('a name used twice, and a translation without the name', () => {
    assert.equal(nameTemplate((s) => `${s} / ${s}`)('a'), 'a / a');
    assert.equal(nameTemplate(() => 'Close')('a'), 'Close');
  });
});

describe('freeParts', () => {
  test('an IPv4 pool is counted exactly', () => {
    assert.deepEqual(freeParts(245), { kind: 'exact', n: 245 });
    assert.deepEqual(freeParts(2 ** 32 - 1), { kind: 'exact', n: 2 ** 32 - 1 });
  });
  test('an IPv6 /64 less a few addresses is 2^64', () => {
    assert.deepEqual(freeParts(2 ** 64 - 10), { kind: 'power', exponent: 64 });
    assert.deepEqual(freeParts(2 ** 80), { kind: 'power', exponent: 80 });
  });
});

describe('audit details', () => {
  test('values: nothing as the none mark, lists joined, objects as JSON', () => {
    assert.equal(auditValue(null, '—'), '—');
    assert.equal(auditValue('', '—'), '—');
    assert.equal(auditValue(['10.0.0.0/24', '10.1.0.0/24'], '—'), '10.0.0.0/24, 10.1.0.0/24');
    assert.equal(auditValue([], '—'), '—');
    assert.equal(auditValue({ a: 1 }, '—'), '{"a":1}');
    assert.equal(auditValue(false, '—'), 'false');
  });
});
