/**
 * A change to a few of many limited peers goes to the kernel as those peers'
 * commands only (host/shaping-layout.ts): read back with `tc -s class show`,
 * every other peer's class keeps its rate and its counters (a class made again
 * starts from zero), and a changed, removed or added peer's traffic lands in
 * the class it should. A tree someone else changed is made whole again.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseCidr, parseInterfaceName, parseSpeedKbps } from '../../../shared/validate';
import { Runner } from '../../../main/host/exec';
import { LocalHost } from '../../../main/host/local';
import type { ShapedPeer } from '../../../main/host/shaping';
import { locateTools } from '../../../main/host/tools';
import { useRig } from '../rig';

const rig = useRig();
// More peers than buckets (256), so buckets hold several and most are untouched.
const PEERS = 600;

const peerAt = (i: number, down: number): ShapedPeer => ({
  allowedIps: [unwrap(parseCidr(`10.70.${i >> 8}.${i & 255}/32`))],
  downKbps: unwrap(parseSpeedKbps(down)),
  upKbps: unwrap(parseSpeedKbps(500 + i)),
});

/** `tc -s class show` as one line per class: its id, rate, and bytes sent. */
function classes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of text.split(/\n(?=class )/)) {
    const id = /^class htb (\S+)/.exec(block)?.[1];
    const rate = /rate (\S+)/.exec(block)?.[1];
    const sent = /Sent (\d+) bytes/.exec(block)?.[1];
    if (id !== undefined) out.set(id, `${rate ?? '?'} sent ${sent ?? '?'}`);
  }
  return out;
}

test('one peer changed among 600: only its commands, the other classes untouched', async (t) => {
  const ns = await rig.namespace('s');
  const notes: string[] = [];
  const runner = new Runner({ tools: locateTools(), netns: ns, log: (l) => notes.push(l) });
  const host = new LocalHost(runner, { stateDir: join(rig.dir, 'run') });
  const name = unwrap(parseInterfaceName(rig.name('wg')));
  await host.createInterface(name);
  await rig.exec(ns, 'ip', ['address', 'add', '10.69.0.1/24', 'dev', name]);
  await rig.exec(ns, 'ip', ['link', 'set', name, 'up']);
  await rig.exec(ns, 'ip', ['route', 'add', '10.70.0.0/16', 'dev', name]);
  // Packets to a peer's address pass the link's qdisc (wireguard-go, with no
  // such peer, drops them after): its class counts them, though ping fails.
  const send = (addr: string) =>
    rig.exec(ns, 'ping', ['-c', '2', '-i', '0.1', '-W', '1', addr]).catch(() => '');
  const show = async () => classes(await rig.exec(ns, 'tc', ['-s', 'class', 'show', 'dev', name]));
  const commands = () => Number(/\((\d+) commands\)/.exec(notes.at(-1) ?? '')?.[1] ?? NaN);

  const plan = Array.from({ length: PEERS }, (_, i) => peerAt(i, 1000 + (i % 7) * 100));
  await host.applyShaping(name, plan);
  assert.ok(commands() > 3 * PEERS, `the first apply builds the tree: ${commands()}`);
  for (const i of [1, 2, 300, 599]) await send(`10.70.${i >> 8}.${i & 255}`);
  const before = await show();
  const counted = [...before].filter(([, v]) => !v.endsWith('sent 0'));
  // The four peers' classes and their buckets' classes.
  assert.ok(counted.length >= 5, `traffic reached the classes: ${JSON.stringify(counted)}`);

  await t.test('a changed rate is one command; every other class as it was', async () => {
    plan[2] = peerAt(2, 4321);
    await host.applyShaping(name, plan);
    assert.equal(commands(), 1);
    const after = await show();
    const changed = [...after].filter(([id, v]) => before.get(id) !== v);
    assert.equal(changed.length, 1, JSON.stringify(changed));
    assert.match(changed[0]?.[1] ?? '', /^4321Kbit sent [1-9]/);
  });

  await t.test('a removed and an added peer touch their buckets only', async () => {
    const gone = plan.splice(300, 1)[0];
    plan.push(peerAt(700, 1500));
    await host.applyShaping(name, plan);
    assert.ok(commands() < 40, `commands sent: ${commands()}`);
    const after = await show();
    assert.equal(after.size, before.size, 'one class out, one in');
    const kept = [...before].filter(([id, v]) => after.get(id) === v);
    // Two buckets of ~2-3 peers were made again; the other ~590 classes stay.
    assert.ok(kept.length > before.size - 10, `kept ${kept.length} of ${before.size}`);
    const filters = await rig.exec(ns, 'tc', ['filter', 'show', 'dev', name, 'parent', '1:']);
    assert.doesNotMatch(filters, /0a46012c/, `${String(gone?.allowedIps)} has no filter left`);
    assert.match(filters, /0a4602bc/, 'the added peer has its filter');
    await send('10.70.2.188');
    const added = [...(await show())].filter(([, v]) => v.startsWith('1500Kbit'));
    assert.ok(
      added.some(([, v]) => !v.endsWith('sent 0')),
      `the added peer's traffic is in its class: ${JSON.stringify(added)}`,
    );
  });

  await t.test('a tree changed behind root is made whole again', async () => {
    const anyLeaf = [...(await show()).keys()].find((id) => !id.startsWith('1:'));
    assert.ok(anyLeaf !== undefined);
    await rig.exec(ns, 'tc', ['qdisc', 'del', 'dev', name, 'parent', '1:1']);
    plan[3] = peerAt(3, 2222);
    await host.applyShaping(name, plan);
    assert.ok(commands() > 3 * PEERS, `rebuilt: ${commands()}`);
    const after = await show();
    assert.equal(after.size, before.size);
    assert.ok([...after.values()].some((v) => v.startsWith('2222Kbit')));
  });
});
