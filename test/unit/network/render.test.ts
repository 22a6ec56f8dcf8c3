import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupLines } from '../../../main/host/network/groups';
import { renderRuleset } from '../../../main/host/network/render';
import {
  zNetworkRuleset,
  type RuleLine,
  type ServerRules,
} from '../../../main/host/network/ruleset';
import { parseParams } from '../../../shared/contract/params';
import type { Cidr } from '../../../shared/validate';

const line = (over: Partial<RuleLine>): RuleLine => ({
  rule: 7,
  family: 'ip',
  saddr: null,
  daddr: null,
  internet: false,
  protocol: 'any',
  ports: null,
  verdict: 'accept',
  ...over,
});

describe('groupLines', () => {
  const tcp = (rule: number, port: number, over: Partial<RuleLine> = {}) =>
    line({ rule, protocol: 'tcp', ports: [{ from: port, to: port }], ...over });
  const keys = (lines: RuleLine[]) =>
    groupLines(lines).map((g) => g.elements.map((e) => `${e.rule}: ${e.key}`));
  const cases: [string, RuleLine[], string[][]][] = [
    [
      'disjoint lines of one shape: one map',
      [tcp(1, 22), tcp(2, 80, { verdict: 'drop' })],
      [['1: 0.0.0.0/0 . 0.0.0.0/0 . 6 . 22', '2: 0.0.0.0/0 . 0.0.0.0/0 . 6 . 80']],
    ],
    [
      'a line that meets one before it: a map after it, so the first still decides',
      [tcp(1, 22, { saddr: ['10.8.0.2/32'] as Cidr[] }), tcp(2, 22, { verdict: 'drop' })],
      [['1: 10.8.0.2/32 . 0.0.0.0/0 . 6 . 22'], ['2: 0.0.0.0/0 . 0.0.0.0/0 . 6 . 22']],
    ],
    [
      'an internet line joins the internet map before a line it does not meet',
      [
        tcp(1, 22, { internet: true }),
        tcp(2, 22, { daddr: ['10.9.0.0/16'] as Cidr[] }),
        tcp(3, 23, { internet: true }),
      ],
      [['1: 0.0.0.0/0 . 6 . 22', '3: 0.0.0.0/0 . 6 . 23'], ['2: 0.0.0.0/0 . 10.9.0.0/16 . 6 . 22']],
    ],
    [
      'but not past a line that reaches the internet on its port',
      [
        tcp(1, 22, { internet: true }),
        tcp(2, 23, { daddr: ['8.8.0.0/16'] as Cidr[] }),
        tcp(3, 23, { internet: true }),
      ],
      [
        ['1: 0.0.0.0/0 . 6 . 22'],
        ['2: 0.0.0.0/0 . 8.8.0.0/16 . 6 . 23'],
        ['3: 0.0.0.0/0 . 6 . 23'],
      ],
    ],
    [
      'any protocol has no port; icmp any port; nested sources once',
      [
        line({ rule: 1, saddr: ['10.8.0.0/24', '10.8.0.2/32'] as Cidr[] }),
        line({ rule: 2, family: 'ip6', protocol: 'icmp' }),
      ],
      [['1: 10.8.0.0/24 . 0.0.0.0/0'], ['2: ::/0 . ::/0 . 58 . 0-65535']],
    ],
  ];
  for (const [name, lines, want] of cases) test(name, () => assert.deepEqual(keys(lines), want));
});

describe('renderRuleset', () => {
  const server = (over: Partial<ServerRules>): ServerRules => ({
    name: 'wg0' as ServerRules['name'],
    uplink: null,
    reach: 'internet',
    policy: 'isolate',
    masquerade4: true,
    masquerade6: false,
    forward: [line({})],
    input: [],
    ...over,
  });
  test('no servers: only wgdesk’s own table is created and deleted', () => {
    assert.equal(
      renderRuleset([], [], { kept: new Map() }).text,
      'table inet wgdesk\ndelete table inet wgdesk\n',
    );
  });
  test('names no table but its own, a map per group, and keeps counters', () => {
    const { text } = renderRuleset([server({})], ['eth0'], {
      kept: new Map([[7, { rule: 7, packets: 3, bytes: 99 }]]),
    });
    const tables = [...text.matchAll(/table (\S+ \S+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(tables)], ['inet wgdesk']);
    assert.match(
      text,
      /map s0_fwd_0_4na \{ type ipv4_addr \. ipv4_addr : verdict; flags interval; counter; elements = \{ 0\.0\.0\.0\/0 \. 0\.0\.0\.0\/0 counter packets 3 bytes 99 comment "r7" : accept \} \}/,
    );
    assert.match(text, /\t\tip saddr \. ip daddr vmap @s0_fwd_0_4na\n/);
    assert.match(text, /iifname "wg0" oifname "eth0" meta nfproto ipv4 masquerade/);
  });
  const defaults: [string, Partial<ServerRules>, string[]][] = [
    ['allow + internet', { policy: 'allow' }, ['oifname "wg0" accept', 'accept']],
    [
      'isolate + networks',
      { reach: 'networks' },
      ['oifname "wg0" drop', 'ip daddr != @lan4 drop', 'ip6 daddr != @lan6 drop', 'accept'],
    ],
    ['isolate + server only', { reach: 'server' }, ['oifname "wg0" drop', 'drop']],
    ['deny', { policy: 'deny' }, ['oifname "wg0" drop', 'drop']],
  ];
  for (const [name, over, want] of defaults) {
    test(`after the rules, the default: ${name}`, () => {
      const { text } = renderRuleset([server({ ...over, forward: [] })], [null], {
        kept: new Map(),
      });
      const body = /chain s0_fwd \{\n([^}]*)\}/.exec(text)?.[1] ?? '';
      assert.deepEqual(
        body
          .trim()
          .split('\n')
          .map((l) => l.trim()),
        want,
      );
    });
  }
  test('after an apply: flushed in place, only changed elements sent, what went deleted', () => {
    const tcp = (rule: number, port: number) =>
      line({ rule, protocol: 'tcp', ports: [{ from: port, to: port }] });
    const two = [
      server({ forward: [tcp(1, 22), tcp(2, 80)] }),
      server({ name: 'wg1' as ServerRules['name'] }),
    ];
    const { state } = renderRuleset(two, [null, null], { kept: new Map() });
    const { text } = renderRuleset([server({ forward: [tcp(1, 22), tcp(3, 443)] })], ['eth0'], {
      state,
    });
    assert.match(text, /^table inet wgdesk\nflush table inet wgdesk\n/);
    assert.doesNotMatch(text, /delete table|\tmap s0_fwd_0_4nl/);
    const after = text.split('\n}\n').at(-1)?.trim().split('\n');
    assert.deepEqual(after, [
      'delete element inet wgdesk s0_fwd_0_4nl { 0.0.0.0/0 . 0.0.0.0/0 . 6 . 80 }',
      'add element inet wgdesk s0_fwd_0_4nl { 0.0.0.0/0 . 0.0.0.0/0 . 6 . 443 comment "r3" : accept }',
      'delete map inet wgdesk s1_fwd_0_4na',
      'delete chain inet wgdesk s1_fwd',
      'delete chain inet wgdesk s1_in',
    ]);
  });
  test('no uplink: no masquerade', () => {
    assert.doesNotMatch(
      renderRuleset([server({})], [null], { kept: new Map() }).text,
      /masquerade/,
    );
  });
});

describe('the ruleset schema root re-validates', () => {
  const ok = { servers: [], forwarding: { ipv4: false, ipv6: false } };
  const bad: [string, unknown, string][] = [
    [
      'an interface name with a quote',
      {
        ...ok,
        servers: [
          {
            name: 'wg0"; flush ruleset',
            uplink: null,
            reach: 'internet',
            policy: 'allow',
            masquerade4: true,
            masquerade6: false,
            forward: [],
            input: [],
          },
        ],
      },
      'servers.0.name',
    ],
    [
      'overlapping ports',
      {
        ...ok,
        servers: [
          {
            name: 'wg0',
            uplink: null,
            reach: 'internet',
            policy: 'allow',
            masquerade4: true,
            masquerade6: false,
            forward: [
              {
                ...line({ protocol: 'tcp' }),
                ports: [
                  { from: 22, to: 30 },
                  { from: 25, to: 40 },
                ],
              },
            ],
            input: [],
          },
        ],
      },
      'servers.0.forward.0.ports',
    ],
    [
      'a CIDR with host bits',
      {
        ...ok,
        servers: [
          {
            name: 'wg0',
            uplink: null,
            reach: 'internet',
            policy: 'allow',
            masquerade4: true,
            masquerade6: false,
            forward: [line({ saddr: ['10.0.0.1/8'] as Cidr[] })],
            input: [],
          },
        ],
      },
      'servers.0.forward.0.saddr.0',
    ],
    ['an unknown key', { ...ok, text: 'flush ruleset' }, 'params'],
  ];
  for (const [name, raw, field] of bad) {
    test(name, () => {
      const r = parseParams(zNetworkRuleset, raw);
      assert.equal(r.ok, false);
      if (!r.ok) assert.deepEqual([r.error.kind, r.error.field], ['InvalidInput', field]);
    });
  }
});
