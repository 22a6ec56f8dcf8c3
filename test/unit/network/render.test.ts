import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderRuleset, ruleText, tableNames } from '../../../main/host/network/render';
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

describe('ruleText', () => {
  const cases: [string, RuleLine, string][] = [
    ['anything v4', line({}), 'meta nfproto ipv4 counter name "r7" accept'],
    [
      'v6 icmp',
      line({ family: 'ip6', protocol: 'icmp', verdict: 'drop' }),
      'meta nfproto ipv6 meta l4proto ipv6-icmp counter name "r7" drop',
    ],
    [
      'sets of addresses and ports',
      line({
        saddr: ['10.8.0.2/32', '10.8.0.3/32'] as Cidr[],
        daddr: ['10.8.0.4/32'] as Cidr[],
        protocol: 'tcp',
        ports: [
          { from: 22, to: 22 },
          { from: 80, to: 90 },
        ],
      }),
      'ip saddr { 10.8.0.2/32, 10.8.0.3/32 } ip daddr 10.8.0.4/32 meta l4proto tcp th dport { 22, 80-90 } counter name "r7" accept',
    ],
    [
      'the internet',
      line({ internet: true, protocol: 'udp' }),
      'meta nfproto ipv4 ip daddr != @lan4 meta l4proto udp counter name "r7" accept',
    ],
  ];
  for (const [name, r, want] of cases) test(name, () => assert.equal(ruleText(r), want));
});

describe('renderRuleset', () => {
  const server = (over: Partial<ServerRules>): ServerRules => ({
    name: 'wg0' as ServerRules['name'],
    uplink: null,
    reach: 'internet',
    policy: 'isolate',
    masquerade4: true,
    masquerade6: false,
    chains: [[line({})]],
    dispatch: [],
    input: [],
    ...over,
  });
  test('no servers: only wgdesk’s own table is created and deleted', () => {
    assert.equal(
      renderRuleset([], [], { kept: new Map() }),
      'table inet wgdesk\ndelete table inet wgdesk\n',
    );
  });
  test('names no table but its own, and keeps counters', () => {
    const text = renderRuleset([server({})], ['eth0'], {
      kept: new Map([[7, { rule: 7, packets: 3, bytes: 99 }]]),
    });
    const tables = [...text.matchAll(/table (\S+ \S+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(tables)], ['inet wgdesk']);
    assert.match(text, /counter r7 \{ packets 3 bytes 99 \}/);
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
    test(`default chain: ${name}`, () => {
      const text = renderRuleset([server(over)], [null], { kept: new Map() });
      const body = /chain s0_def \{\n([^}]*)\}/.exec(text)?.[1] ?? '';
      assert.deepEqual(
        body
          .trim()
          .split('\n')
          .map((l) => l.trim()),
        want,
      );
    });
  }
  test('after an apply: flushed in place, counters declared bare, what went deleted', () => {
    const before = tableNames([server({}), server({ name: 'wg1' as ServerRules['name'] })]);
    const text = renderRuleset([server({ chains: [[line({ rule: 8 })]] })], ['eth0'], {
      names: { ...before, counters: new Set([7, 8]) },
    });
    assert.match(text, /^table inet wgdesk\nflush table inet wgdesk\n/);
    assert.doesNotMatch(text, /delete table/);
    assert.match(text, /\tcounter r8 \{ \}/);
    const stale = text.split('}\n').at(-1)?.trim().split('\n');
    assert.deepEqual(stale, [
      ...['s1_fwd', 's1_def', 's1_in', 's1_0'].flatMap((c) => [
        `add chain inet wgdesk ${c}`,
        `delete chain inet wgdesk ${c}`,
      ]),
      'add counter inet wgdesk r7',
      'delete counter inet wgdesk r7',
    ]);
  });
  test('no uplink: no masquerade', () => {
    assert.doesNotMatch(renderRuleset([server({})], [null], { kept: new Map() }), /masquerade/);
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
            chains: [[]],
            dispatch: [],
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
            chains: [
              [
                {
                  ...line({ protocol: 'tcp' }),
                  ports: [
                    { from: 22, to: 30 },
                    { from: 25, to: 40 },
                  ],
                },
              ],
            ],
            dispatch: [],
            input: [],
          },
        ],
      },
      'servers.0.chains.0.0.ports',
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
            chains: [[line({ saddr: ['10.0.0.1/8'] as Cidr[] })]],
            dispatch: [],
            input: [],
          },
        ],
      },
      'servers.0.chains.0.0.saddr.0',
    ],
    [
      'a dispatch to a missing chain',
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
            chains: [[]],
            dispatch: [{ source: '10.0.0.2/32', chain: 4 }],
            input: [],
          },
        ],
      },
      'dispatch',
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
