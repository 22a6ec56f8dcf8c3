import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Gate,
  allowedHosts,
  exposureRefusal,
  newToken,
  tokenMatches,
} from '../../../main/serve/guard';

describe('serve guard', () => {
  test('tokens: 32 random bytes as base64url, different per launch', () => {
    const a = newToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, newToken());
  });

  test('token comparison', () => {
    const t = newToken();
    assert.equal(tokenMatches(t, t), true);
    assert.equal(tokenMatches(t, `${t}x`), false);
    assert.equal(tokenMatches(t, t.slice(0, -1)), false);
    assert.equal(tokenMatches(t, ''), false);
  });

  test('a loopback bind answers to its address and localhost, with the port', () => {
    assert.deepEqual([...allowedHosts('127.0.0.1', 7420)].sort(), [
      '127.0.0.1:7420',
      'localhost:7420',
    ]);
    assert.deepEqual([...allowedHosts('::1', 80)].sort(), ['[::1]:80', 'localhost:80']);
    assert.deepEqual(allowedHosts('192.0.2.7', 80), ['192.0.2.7:80']);
  });

  test('Host and Origin must match exactly (DNS rebinding, cross-site WebSockets)', () => {
    const gate = new Gate(allowedHosts('127.0.0.1', 7420), 'http');
    assert.equal(gate.hostAllowed('127.0.0.1:7420'), true);
    assert.equal(gate.hostAllowed('LOCALHOST:7420'), true);
    for (const h of [
      undefined,
      '',
      '127.0.0.1',
      '127.0.0.1:7421',
      'evil.example:7420',
      'localhost.evil.example:7420',
    ]) {
      assert.equal(gate.hostAllowed(h), false, String(h));
    }
    assert.equal(gate.originAllowed('http://localhost:7420', true), true);
    assert.equal(gate.originAllowed(undefined, false), true, 'a same-origin GET sends none');
    for (const o of [
      undefined,
      'null',
      'https://localhost:7420',
      'http://evil.example:7420',
      'http://127.0.0.1:7420.evil.example',
    ]) {
      assert.equal(gate.originAllowed(o, true), false, String(o));
    }
  });

  test('over TLS, only https: origins are ours', () => {
    const gate = new Gate(allowedHosts('192.0.2.7', 7420), 'https');
    assert.equal(gate.originAllowed('https://192.0.2.7:7420', true), true);
    assert.equal(gate.originAllowed('http://192.0.2.7:7420', true), false);
  });

  test('off loopback, plain HTTP only on the explicit insecure word', () => {
    for (const addr of ['127.0.0.1', '::1']) {
      assert.equal(exposureRefusal(addr, 'http', false), undefined, addr);
    }
    for (const addr of ['0.0.0.0', '::', '192.0.2.7', '127.0.0.2']) {
      const refusal = exposureRefusal(addr, 'http', false);
      assert.equal(refusal?.kind, 'InvalidInput', addr);
      assert.match(refusal?.message ?? '', /--tls-cert FILE and --tls-key FILE/);
      assert.match(refusal?.message ?? '', /--insecure-plain-http-on-the-network/);
      assert.equal(exposureRefusal(addr, 'https', false), undefined, addr);
      assert.equal(exposureRefusal(addr, 'http', true), undefined, addr);
    }
  });
});
