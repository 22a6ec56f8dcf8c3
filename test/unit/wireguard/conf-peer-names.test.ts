// A comment above a [Peer] header names the peer, in the conventions of the
// tools that write such files (wg-easy, PiVPN, the wireguard-install scripts)
// and of people; markers that close a peer, commented-out settings and
// decoration name nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseWgQuickConf } from '../../../main/wireguard';
import { k } from './conf-fixtures';

function names(lines: readonly string[]): (string | undefined)[] {
  const r = parseWgQuickConf(lines.join('\n'));
  if (!r.ok) assert.fail(r.error.message);
  return r.value.config.peers.map((p) => p.name);
}

const IFACE = ['[Interface]', `PrivateKey = ${k(1)}`, 'ListenPort = 51820'];
const peer = (n: number): string[] => [
  '[Peer]',
  `PublicKey = ${k(n)}`,
  `AllowedIPs = 10.0.0.${n}/32`,
];

describe('parseWgQuickConf: a comment above [Peer] names it', () => {
  const cases: [string, string[], (string | undefined)[]][] = [
    ['by hand', [...IFACE, '', "# Ana's laptop", ...peer(2)], ["Ana's laptop"]],
    [
      'wg-easy, its id dropped',
      [...IFACE, '', '# Client: Ana (7c0e2d1a-aaaa)', ...peer(2), '', '# Client: Bo', ...peer(3)],
      ['Ana', 'Bo'],
    ],
    [
      'PiVPN: begin names, end closes',
      [...IFACE, '### begin ana ###', ...peer(2), '### end ana ###', ...peer(3)],
      ['ana', undefined],
    ],
    ['angristan', [...IFACE, '', '### Client ana', ...peer(2)], ['ana']],
    ['Nyr', [...IFACE, '', '# BEGIN_PEER ana', ...peer(2), '# END_PEER ana'], ['ana']],
    ['the nearest of several lines', [...IFACE, '', '# peers', '# Ana', ...peer(2)], ['Ana']],
    [
      'a blank line parts a comment from the peer',
      [...IFACE, '# Ana', '', ...peer(2)],
      [undefined],
    ],
    ['a commented-out setting is no name', [...IFACE, '#PostUp = x', ...peer(2)], [undefined]],
    ['decoration is no name', [...IFACE, '', '#######', ...peer(2)], [undefined]],
    [
      'a # Name inside the section wins',
      [...IFACE, '', '# Ana', '[Peer]', '# Name = ana-2', `PublicKey = ${k(2)}`],
      ['ana-2'],
    ],
    [
      'the comment after a peer names the next one, not the one above',
      [...IFACE, '', ...peer(2), '# Bo', ...peer(3)],
      [undefined, 'Bo'],
    ],
  ];
  for (const [what, lines, expected] of cases) {
    test(what, () => assert.deepEqual(names(lines), expected));
  }

  test('a name that is not one is a warning, and the peer stays unnamed', () => {
    const r = parseWgQuickConf([...IFACE, '', `# ${'x'.repeat(300)}`, ...peer(2)].join('\n'));
    if (!r.ok) assert.fail(r.error.message);
    assert.equal(r.value.config.peers[0]?.name, undefined);
    assert.match(r.value.warnings[0]?.message ?? '', /comment not used as a name/);
    assert.equal(r.value.warnings[0]?.line, 5);
  });
});
