// The window's routing layer and what goes with it, without a box: which
// engine answers a call (by its box and its method), how events are tagged,
// the prompts' answer and give-up, and the link state a box's pages see.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routed, type BoxDesk, type LocalEngine } from '../../../main/api/routes';
import { Prompts } from '../../../main/remote/prompts';
import { boxLinkState } from '../../../renderer/lib/box-link';
import type { BoxView } from '../../../shared/contract/boxes';
import type { LinkState } from '../../../renderer/api/transport';

type Heard = [string, unknown, number | undefined];

function engines(): { local: LocalEngine; desk: BoxDesk; asked: string[]; emit: () => void } {
  const asked: string[] = [];
  let localListener: (n: string, p: unknown) => void = () => undefined;
  let deskListener: (n: string, p: unknown, b: number | undefined) => void = () => undefined;
  const answer = (who: string) => async () => {
    asked.push(who);
    return { ok: true as const, value: who };
  };
  return {
    asked,
    local: {
      call: (m) => answer(`local ${m}`)(),
      subscribe: (l) => {
        localListener = l;
        return () => undefined;
      },
    },
    desk: {
      call: (m) => answer(`desk ${m}`)(),
      callBox: (b, m) => answer(`box ${b} ${m}`)(),
      subscribe: (l) => {
        deskListener = l;
        return () => undefined;
      },
    },
    emit: () => {
      localListener('state.changed', 1);
      deskListener('peers.stats', 2, 7);
      deskListener('boxes.changed', 3, undefined);
    },
  };
}

test('a call goes to this machine, a box or the desk; events keep their box', async () => {
  const e = engines();
  const r = routed(e.local, e.desk);
  const cases: [string, number | undefined, string][] = [
    ['peers.list', undefined, 'local peers.list'],
    ['peers.list', 7, 'box 7 peers.list'],
    ['boxes.list', undefined, 'desk boxes.list'],
    ['boxes.answer', undefined, 'desk boxes.answer'],
    // A box answers only what it is asked as an engine: the desk decides what boxes.* means.
    ['boxes.list', 7, 'box 7 boxes.list'],
  ];
  for (const [method, box, who] of cases) {
    const got = await r.call(method, {}, box);
    assert.deepEqual(got, { ok: true, value: who }, `${method} ${String(box)}`);
  }
  const heard: Heard[] = [];
  r.subscribe((n, p, b) => heard.push([n, p, b]));
  e.emit();
  assert.deepEqual(heard, [
    ['state.changed', 1, undefined],
    ['peers.stats', 2, 7],
    ['boxes.changed', 3, undefined],
  ]);
});

test('an engine without boxes refuses calls that name one, and boxes.*', async () => {
  const e = engines();
  const r = routed(e.local, null);
  for (const [method, box] of [
    ['peers.list', 3],
    ['boxes.list', undefined],
  ] as const) {
    const got = await r.call(method, {}, box);
    assert.ok(!got.ok && got.error.kind === 'NotFound', method);
  }
  assert.deepEqual(e.asked, []);
});

test('prompts: an answer reaches the asker once; an unanswered one is given up', async () => {
  const seen: number[] = [];
  const prompts = new Prompts((p) => seen.push(p.length), 50);
  const box = { id: 1, address: 'a@h' };
  const answered = prompts.ask(box, { kind: 'password', text: 'a@h password: ' });
  const [first] = prompts.pending();
  assert.ok(first);
  prompts.answer(first.id, 'secret');
  assert.equal(await answered, 'secret');
  assert.throws(() => prompts.answer(first.id, 'again'), /nothing is waiting/);
  assert.equal(await prompts.ask(box, { kind: 'passphrase', text: 'x' }), null);
  assert.deepEqual(seen, [1, 0, 1, 0]);
  assert.ok(!JSON.stringify(prompts.pending()).includes('secret'));
});

test('a box page is live only when the window link and the box link both are', () => {
  const box = (status: BoxView['status']): BoxView => ({
    id: 1,
    address: 'a@h',
    hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:x', trusted: true, changedTo: null },
    status,
    error: null,
    wgdesk: null,
  });
  const open: LinkState = { kind: 'open' };
  const waiting: LinkState = { kind: 'waiting', retryInMs: 1000, attempt: 2 };
  const connecting: LinkState = { kind: 'connecting', attempt: 1 };
  const cases: [LinkState, BoxView | undefined, LinkState][] = [
    [open, box('connected'), open],
    [open, box('disconnected'), connecting],
    [open, box('untrusted'), connecting],
    [open, undefined, connecting],
    [waiting, box('connected'), waiting],
  ];
  for (const [win, b, want] of cases) assert.deepEqual(boxLinkState(win, b), want);
});
