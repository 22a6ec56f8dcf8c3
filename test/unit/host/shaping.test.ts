// The tc text root renders for speed limits, and the ifb name it derives:
// pure functions, table-driven. Real traffic is test/integration/shaping/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseCidr, parseInterfaceName, parseSpeedKbps } from '../../../shared/validate';
import { ifbNameOf, shapingBatch, zShapingPlan, type ShapedPeer } from '../../../main/host/shaping';
import { renderChanges, renderDirection } from '../../../main/host/shaping-render';
import { changesFrom, placeAll, type ShapedClass } from '../../../main/host/shaping-layout';

const render = (dev: string, side: 'dst' | 'src', classes: ShapedClass[]) =>
  renderDirection(unwrap(parseInterfaceName(dev)), side, placeAll(classes));

const wg = unwrap(parseInterfaceName('wg0'));
const cidr = (s: string) => unwrap(parseCidr(s));
const kbps = (n: number) => unwrap(parseSpeedKbps(n));

test('the ifb name fits IFNAMSIZ and differs for long names that share a start', () => {
  const cases: [string, string | null][] = [
    ['wg0', 'ifb-wg0'],
    ['wgabcdefghij', null],
    ['wgabcdefghik', null],
  ];
  const seen = new Set<string>();
  for (const [link, expected] of cases) {
    const name = ifbNameOf(unwrap(parseInterfaceName(link)));
    if (expected !== null) assert.equal(name, expected);
    assert.ok(name.length <= 15, name);
    assert.ok(!seen.has(name), `${name} is used twice`);
    seen.add(name);
  }
});

test('each limited peer gets one class, each address two filters, host addresses hashed', () => {
  const lines = render('wg0', 'dst', [
    { kbps: kbps(2000), addresses: [cidr('10.8.0.2/32'), cidr('fd00::2/128')] },
    { kbps: kbps(500), addresses: [cidr('10.8.0.3/32'), cidr('192.168.50.0/24')] },
  ]);
  const classes = lines.filter((l) => /^class add .* ceil/.test(l));
  assert.deepEqual(
    classes.map((l) => /rate (\S+) ceil (\S+)/.exec(l)?.slice(1)),
    [
      ['2000kbit', '2000kbit'],
      ['500kbit', '500kbit'],
    ],
  );
  assert.ok(
    lines.includes(
      'filter add dev wg0 parent 1: prio 1 handle 100:2:1 protocol ip u32 ht 100:2: match ip dst 10.8.0.2/32 flowid 1:1',
    ),
  );
  assert.ok(
    lines.includes(
      'filter add dev wg0 parent 1: prio 2 handle 200:2:1 protocol ipv6 u32 ht 200:2: match ip6 dst fd00::2/128 flowid 1:1',
    ),
  );
  // A wider network is in the root table, after the hash link (u32 comes back to it).
  const link = lines.findIndex((l) => l.includes('link 100:'));
  const wide = lines.findIndex((l) => l.includes('192.168.50.0/24 flowid 1:2'));
  assert.ok(link >= 0 && wide > link);
  assert.equal(lines.filter((l) => l.includes('match ip')).length, 8);
});

test('the source side hashes and matches the source address', () => {
  const lines = render('ifb-wg0', 'src', [{ kbps: kbps(1000), addresses: [cidr('10.8.0.2/32')] }]);
  assert.ok(lines.some((l) => l.includes('hashkey mask 0x000000ff at 12 link 100:')));
  assert.ok(lines.some((l) => l.includes('match ip src 10.8.0.2/32 flowid 3:1')));
});

test('no limit in a direction: only our own qdiscs are deleted; up limits add the redirect', () => {
  const peer: ShapedPeer = {
    allowedIps: [cidr('10.8.0.2/32')],
    downKbps: kbps(2000),
    upKbps: null,
  };
  const ours = [
    { kind: 'htb', handle: '1:', root: true },
    { kind: 'ingress', handle: 'ffff:' },
  ];
  assert.deepEqual(shapingBatch(wg, [], ours, []).lines, [
    'qdisc del dev wg0 root',
    'qdisc del dev wg0 ingress',
  ]);
  // The kernel's default root qdisc is replaced, never deleted.
  const fresh = shapingBatch(
    wg,
    [peer],
    [{ kind: 'pfifo_fast', handle: '0:', root: true }],
    [],
  ).lines;
  assert.equal(fresh[0], 'qdisc replace dev wg0 root handle 1: htb');
  assert.ok(!fresh.some((l) => l.includes('ingress')));
  const both = shapingBatch(wg, [{ ...peer, upKbps: kbps(1000) }], [], []).lines;
  assert.ok(both.includes('qdisc add dev wg0 handle ffff: ingress'));
  assert.ok(both.some((l) => l.endsWith('action mirred egress redirect dev ifb-wg0')));
  assert.ok(both.includes('qdisc replace dev ifb-wg0 root handle 1: htb'));
});

test('the plan schema refuses what must not reach tc', () => {
  const bad: unknown[] = [
    [{ allowedIps: ['10.8.0.2/32; reboot'], downKbps: 1, upKbps: null }],
    [{ allowedIps: ['10.8.0.2/32'], downKbps: 0, upKbps: null }],
    [{ allowedIps: ['10.8.0.2/32'], downKbps: 10_000_001, upKbps: null }],
    [{ allowedIps: [], downKbps: 1, upKbps: null }],
    [{ allowedIps: ['10.8.0.2/32'], downKbps: 1, upKbps: null, dev: 'eth0' }],
  ];
  for (const plan of bad)
    assert.equal(zShapingPlan.safeParse(plan).success, false, JSON.stringify(plan));
});

test('a change to a few peers is their commands only; what needs a whole tree says so', () => {
  const c = (addr: string, rate: number): ShapedClass => ({
    kbps: kbps(rate),
    addresses: [cidr(addr)],
  });
  const base = [c('10.8.0.2/32', 1000), c('10.8.1.2/32', 2000), c('10.8.0.3/32', 3000)];
  const prev = placeAll(base);
  const diff = (next: ShapedClass[]) => {
    const ch = changesFrom(prev, next);
    return ch === null ? null : renderChanges(wg, 'dst', ch);
  };
  // A rate: one class change, in place.
  assert.deepEqual(diff([base[0], c('10.8.1.2/32', 2500), base[2]] as ShapedClass[]), [
    'class change dev wg0 parent 4: classid 4:1 htb rate 2500kbit ceil 2500kbit quantum 1514',
  ]);
  // A peer out: its root filter by handle (node 2: 10.8.0.2 has node 1 in
  // the same hash bucket), its bucket's leaf made again without it.
  assert.deepEqual(diff([base[0], base[2]] as ShapedClass[]), [
    'filter del dev wg0 parent 1: prio 1 handle 100:2:2 protocol ip u32',
    'qdisc del dev wg0 parent 1:2',
    'qdisc add dev wg0 parent 1:2 handle 4: htb',
  ]);
  // A peer in: a new bucket (fewer than 256 made), a free node in its hash bucket.
  const added = diff([...base, c('10.8.2.2/32', 700)]);
  assert.deepEqual(added, [
    'class add dev wg0 parent 1: classid 1:4 htb rate 10gbit quantum 60000',
    'qdisc add dev wg0 parent 1:4 handle 6: htb',
    'class add dev wg0 parent 6: classid 6:1 htb rate 700kbit ceil 700kbit quantum 1514',
    'filter add dev wg0 parent 6: prio 1 protocol ip u32 match ip dst 10.8.2.2/32 flowid 6:1',
    'filter add dev wg0 parent 1: prio 1 handle 100:2:3 protocol ip u32 ht 100:2: match ip dst 10.8.2.2/32 flowid 1:4',
  ]);
  // Nothing changed: nothing sent.
  assert.deepEqual(diff(base), []);
  // Wider networks keep a longest-first order a single filter cannot: whole tree.
  assert.equal(diff([...base, c('192.168.9.0/24', 500)]), null);
  assert.equal(changesFrom(placeAll([...base, c('192.168.9.0/24', 500)]), base), null);
  assert.equal(diff([]), null);
});
