import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseOffer } from '../../../main/serve/protocol';
import { browserProtocols } from '../../../shared/wire';

describe('the token offered as a WebSocket subprotocol', () => {
  test('what the page offers is what the server reads', () => {
    // 0xfb bytes encode to '-' and '_', the two characters base64url adds.
    const token = Buffer.alloc(32, 0xfb).toString('base64url');
    const offer = parseOffer(browserProtocols(token).join(', '));
    assert.deepEqual(offer, { speaksWgdesk: true, token });
  });

  test('a token that cannot be a subprotocol is not offered', () => {
    for (const bad of ['', 'a b', 'a,b', 'x=', 'é']) {
      assert.deepEqual(browserProtocols(bad), ['wgdesk'], bad);
    }
  });

  test('none, two, or an unmarked token: no token', () => {
    assert.deepEqual(parseOffer(undefined), { speaksWgdesk: false, token: undefined });
    assert.deepEqual(parseOffer('wgdesk, token.a, token.b'), {
      speaksWgdesk: true,
      token: undefined,
    });
    assert.deepEqual(parseOffer('wgdesk,abc'), { speaksWgdesk: true, token: undefined });
    assert.deepEqual(parseOffer('chat,token.abc'), { speaksWgdesk: false, token: 'abc' });
  });
});
