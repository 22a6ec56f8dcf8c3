import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS, parseParams } from '../../../../shared/contract';
import { ServerMessageSchema } from '../../../../shared/wire';

/** The new-server form with four fields wrong at once (issue 15, point 3). */
const FOUR_BAD = {
  name: 'bad name!',
  listenPort: '99999',
  ipv4Address: '10.66.0.300/24',
  publicEndpoint: 'vpn example',
};

describe('parseParams', () => {
  test('every bad field is reported at once, each under its own name', () => {
    const r = parseParams(METHODS['interfaces.create'].params, FOUR_BAD);
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

  test('each bad field keeps its validator’s code and parameters, for the window', () => {
    const r = parseParams(METHODS['interfaces.create'].params, FOUR_BAD);
    assert.ok(!r.ok);
    assert.deepEqual(r.error.fieldProblems, {
      name: { code: 'interface_name', params: { value: 'bad name!' } },
      listenPort: { code: 'whole_number', params: { min: 1, max: 65535 } },
      ipv4Address: { code: 'not_cidr', params: { value: '10.66.0.300/24' } },
      publicEndpoint: { code: 'endpoint_form', params: { value: 'vpn example' } },
    });
    const wire = r.error.toWire();
    assert.deepEqual(wire.fieldProblems, r.error.fieldProblems, 'the codes cross the wire');
    // …and through the service socket's check of what it reads (main/service/client.ts).
    const read = ServerMessageSchema.parse({
      type: 'result',
      id: 1,
      result: { ok: false, error: JSON.parse(JSON.stringify(wire)) as unknown },
    });
    assert.ok(read.type === 'result' && !read.result.ok);
    assert.deepEqual(read.result.error.fieldProblems, r.error.fieldProblems);
    assert.match(wire.message, /listenPort: must be a whole number from 1 to 65535/);
  });

  test('one bad field carries its code as the error’s problem', () => {
    const r = parseParams(METHODS['interfaces.create'].params, { name: 'all' });
    assert.ok(!r.ok);
    assert.equal(r.error.field, 'name');
    assert.deepEqual(r.error.problem, { code: 'wg_show_keyword', params: { value: 'all' } });
    assert.equal(r.error.fieldProblems, undefined);
  });

  test('a field zod itself refuses gets a code too, and the validators’ keep theirs', () => {
    const r = parseParams(METHODS['interfaces.create'].params, { name: 7, listenPort: -1 });
    assert.ok(!r.ok);
    assert.deepEqual(r.error.fieldProblems, {
      name: { code: 'not_text', params: {} },
      listenPort: { code: 'whole_number', params: { min: 1, max: 65535 } },
    });
  });
});
