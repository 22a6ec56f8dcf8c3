// issue 17: a DumpParser hands back the strings and networks it read from an
// interface's line last time when the line reads the same. These tests hold a
// sequence of dumps (peers reordered, removed, added, fields changed,
// interfaces gone, a dump that fails) to parsing each one afresh. A result
// given back (recycle) has its peers written over by the next parse; one
// that was not is never written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isAppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { parseInterfaceName } from '../../../shared/validate';
import { DumpParser, parseDumpAll } from '../../../main/wireguard';
import { k } from './conf-fixtures';
import { dumpAll, observed, wgDevice, wgPeer, type WgDevice, type WgPeer } from './dump-model';

/** A later dump of `d`: some peers gone, the rest maybe reordered, some changed, some new. */
function later(d: WgDevice): fc.Arbitrary<WgDevice> {
  const n = d.peers.length;
  const changed = fc.tuple(
    fc.shuffledSubarray([...d.peers]),
    fc.array(fc.option(wgPeer, { nil: null }), { minLength: n, maxLength: n }),
    fc.array(wgPeer, { maxLength: 3 }),
  );
  return fc.oneof(
    fc.constant(d),
    changed.map(([kept, changes, added]): WgDevice => {
      const peers: WgPeer[] = kept.map((p, i) => {
        const c = changes[i];
        return c === null || c === undefined ? p : { ...c, publicKey: p.publicKey };
      });
      const keys = new Set(peers.map((p) => p.publicKey));
      for (const p of added) if (!keys.has(p.publicKey)) peers.push(p);
      return { ...d, peers };
    }),
  );
}

const sequence = fc
  .uniqueArray(wgDevice, { selector: (d) => d.name, minLength: 1, maxLength: 3 })
  .chain((first) =>
    fc
      .tuple(...first.map(later))
      .chain((next) => fc.tuple(fc.constant(first), fc.subarray(next, { minLength: 1 }))),
  );

describe('DumpParser from dump to dump', () => {
  test('each dump of a sequence parses to its model, whatever the one before listed', () => {
    // One parser for every sequence: each starts from whatever the last one left.
    const parser = new DumpParser();
    fc.assert(
      fc.property(sequence, ([first, next]) => {
        for (const ds of [first, next, next, first]) {
          assert.deepEqual(
            [...parser.parseAll(dumpAll(ds)).entries()],
            ds.map((d) => [d.name, observed(d)]),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a result given back is read into by the next parse; one kept is never written', () => {
    const parser = new DumpParser();
    type Result = ReturnType<DumpParser['parseAll']>;
    const copy = (r: Result) =>
      [...r.entries()].map(([n, i]) => [n, { ...i, peers: i.peers.map((p) => ({ ...p })) }]);
    fc.assert(
      fc.property(sequence, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (ds, back) => {
        const [first, next] = ds;
        const kept: [Result, unknown][] = [];
        let given: Result | null = null;
        [first, next, next, first].forEach((d, i) => {
          const r = parser.parseAll(dumpAll(d));
          assert.deepEqual(
            [...r.entries()],
            d.map((x) => [x.name, observed(x)]),
          );
          // Each line of an interface the result given back had: into that line's peer.
          for (const [name, iface] of given ?? []) {
            const now = r.get(name)?.peers ?? [];
            iface.peers.forEach((p, n) => {
              if (n < now.length) assert.equal(now[n], p, `${name} line ${n}: its peer again`);
            });
          }
          given = null;
          if (back[i] === true) {
            parser.recycle(r);
            given = r;
          } else kept.push([r, copy(r)]);
          for (const [result, then] of kept)
            assert.deepEqual(copy(result), then, 'kept: as parsed');
        });
        // Whatever the next sequence starts with: nothing of this one given back.
        parser.parseAll('');
      }),
      { numRuns: 300 },
    );
  });

  const wg0 = unwrap(parseInterfaceName('wg0'));

  test('only the last result is taken back: one read before another parse is left alone', () => {
    const parser = new DumpParser();
    const text = (rx: number) => dump(line(k(3), '192.0.2.1:1', '10.0.0.2/32', rx));
    const a = parser.parseAll(text(1));
    const b = parser.parseAll(text(2));
    parser.recycle(a); // too late: b was parsed since, and b's caller may be reading it
    const c = parser.parseAll(text(3));
    assert.equal(a.get(wg0)?.peers[0]?.rxBytes, 1);
    assert.equal(b.get(wg0)?.peers[0]?.rxBytes, 2);
    assert.equal(c.get(wg0)?.peers[0]?.rxBytes, 3);
    assert.ok(c.get(wg0)?.peers[0] !== a.get(wg0)?.peers[0], 'a new peer, not one of a');
    // Given back twice, taken once: the second parse after it makes new peers.
    parser.recycle(c);
    parser.recycle(c);
    const d = parser.parseAll(text(4));
    assert.equal(d.get(wg0)?.peers[0], c.get(wg0)?.peers[0]);
    const e = parser.parseAll(text(5));
    assert.ok(e.get(wg0)?.peers[0] !== d.get(wg0)?.peers[0]);
    assert.equal(d.get(wg0)?.peers[0]?.rxBytes, 4);
    // A failed parse after a give-back: nothing is handed out, and the next one is right.
    parser.recycle(e);
    assert.throws(() => parser.parseAll(dump(line(k(3), 'nope', '(none)', 6))), isAppError);
    assert.deepEqual(
      parser
        .parseAll(text(7))
        .get(wg0)
        ?.peers.map((p) => [p.publicKey, p.rxBytes]),
      [[k(3), 7]],
    );
  });
  const line = (key: string, endpoint: string, ips: string, rx: number) =>
    `wg0\t${key}\t(none)\t${endpoint}\t${ips}\t0\t${rx}\t0\toff`;
  const dump = (...peers: string[]) =>
    [`wg0\t${k(1)}\t${k(2)}\t51820\toff`, ...peers].join('\n') + '\n';

  test('a line that reads the same hands back the same strings and networks', () => {
    const parser = new DumpParser();
    const a = parser.parseAll(dump(line(k(3), '192.0.2.1:1', '10.0.0.2/32', 1))).get(wg0);
    const b = parser.parseAll(dump(line(k(3), '192.0.2.1:1', '10.0.0.2/32', 2))).get(wg0);
    const [pa, pb] = [a?.peers[0], b?.peers[0]];
    assert.ok(pa !== undefined && pb !== undefined);
    assert.equal(pb.rxBytes, 2);
    assert.ok(pa.publicKey === pb.publicKey && pa.endpoint === pb.endpoint);
    assert.equal(pa.allowedIps, pb.allowedIps, 'the same array');
    // Changed in place: new values, the key still shared.
    const c = parser.parseAll(dump(line(k(3), '192.0.2.9:1', '10.0.0.3/32', 3))).get(wg0)?.peers[0];
    assert.equal(c?.endpoint, '192.0.2.9:1');
    assert.deepEqual(c?.allowedIps, ['10.0.0.3/32']);
    assert.notEqual(c?.allowedIps, pa.allowedIps);
  });

  test('a one-off read shares nothing with the reads before it; a parser shares only its own', () => {
    const text = dump(line(k(3), '192.0.2.1:1', '10.0.0.2/32', 1));
    const ips = (m: Map<string, { peers: readonly { allowedIps: readonly string[] }[] }>) =>
      m.get(wg0)?.peers[0]?.allowedIps;
    assert.notEqual(ips(parseDumpAll(text)), ips(parseDumpAll(text)), 'two one-off reads');
    const [a, b] = [new DumpParser(), new DumpParser()];
    const first = ips(a.parseAll(text));
    assert.notEqual(ips(b.parseAll(text)), first, 'another parser');
    assert.equal(ips(a.parseAll(text)), first, 'the same parser');
  });

  test("wg's bytes: a field beyond ASCII (an endpoint's scope) reads as UTF-8, poll after poll", () => {
    // LocalHost hands the parser wg's output as bytes (dump-fields.ts); a link
    // name in an IPv6 endpoint's scope may be any UTF-8.
    const parser = new DumpParser();
    const endpoint = '[fe80::1%wé0]:51820';
    const bytes = Buffer.from(dump(line(k(3), endpoint, '10.0.0.2/32', 1)), 'utf8');
    for (let poll = 0; poll < 2; poll++) {
      assert.equal(parser.parseAll(bytes).get(wg0)?.peers[0]?.endpoint, endpoint);
    }
    assert.deepEqual(parseDumpAll(bytes), parseDumpAll(bytes.toString('utf8')));
  });

  test('an allowed IP that parses to another text is read again each time, the same', () => {
    const parser = new DumpParser();
    const text = dump(line(k(3), '(none)', '::ffff:10.0.0.0/104', 0));
    const first = parser.parseAll(text).get(wg0)?.peers[0]?.allowedIps;
    assert.deepEqual(parser.parseAll(text).get(wg0)?.peers[0]?.allowedIps, first);
  });

  test('a dump that fails halfway leaves the next one right', () => {
    const parser = new DumpParser();
    const good = dump(
      line(k(3), '192.0.2.1:1', '10.0.0.2/32', 1),
      line(k(4), '(none)', '(none)', 0),
    );
    parser.parseAll(good);
    const bad = dump(line(k(4), '192.0.2.2:2', '10.0.0.4/32', 1), line(k(3), 'nope', '(none)', 0));
    assert.throws(() => parser.parseAll(bad), isAppError);
    const swapped = dump(
      line(k(4), '(none)', '(none)', 0),
      line(k(3), '192.0.2.1:1', '10.0.0.2/32', 1),
    );
    const peers = parser.parseAll(swapped).get(wg0)?.peers;
    assert.deepEqual(
      peers?.map((p) => [p.publicKey, p.endpoint, p.allowedIps]),
      [
        [k(4), null, []],
        [k(3), '192.0.2.1:1', ['10.0.0.2/32']],
      ],
    );
  });
});
