import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS, parseParams } from '../../../../shared/contract';

describe('parseParams', () => {
  test('every bad field is reported at once, each under its own name', () => {
    const r = parseParams(METHODS['interfaces.create'].params, {
      name: 'bad name!',
      listenPort: '99999',
      ipv4Address: '10.66.0.300/24',
      publicEndpoint: 'vpn example',
    });
    assert.ok(!r.ok);
    const e = r.error;
    assert.equal(e.kind, 'InvalidInput');
    assert.deepEqual(Object.keys(e.fields ?? {}).sort(), [
      'ipv4Address',
      'listenPort',
      'name',
      'publicEndpoint',
    ]);
    assert.equal(e.field, Object.keys(e.fields ?? {})[0]);
    for (const [field, problem] of Object.entries(e.fields ?? {})) {
      assert.ok(!problem.startsWith(`${field}:`), 'the problem does not repeat the field');
      assert.ok(e.message.includes(`${field}: ${problem}`), 'the message names every field');
    }
  });

  test('one bad field stays a plain InvalidInput naming it', () => {
    const r = parseParams(METHODS['interfaces.create'].params, { name: 'wg0', listenPort: 0 });
    assert.ok(!r.ok);
    assert.equal(r.error.field, 'listenPort');
    assert.equal(r.error.fields, undefined);
  });
});
