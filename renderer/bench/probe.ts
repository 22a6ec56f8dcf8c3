// A probe for bench/renderer.bench.ts, injected into the real page served by
// `wgdesk serve` before the app's own script runs (Playwright's addInitScript;
// never part of the built app). It times, on the page's main thread, what the
// app does with two kinds of message from main:
//
//  - the `peers.list` result of a server: from the frame's arrival to the
//    first painted frame that shows rows of the peer table;
//  - each `peers.stats` push: the app's message handler (JSON parse, timed
//    apart, then the store update) plus React's commit, which React runs in
//    a microtask queued by that handler (useSyncExternalStore updates are
//    synchronous), so a microtask queued after the handler runs once the
//    commit is done; and until the next frame has been painted.
//
// The app is not changed: the probe wraps WebSocket's `send` (to learn which
// call id is which method) and its `onmessage` setter (to time the handler).

import type { Inject, Probe } from './probe-types';

declare global {
  interface Window {
    wgdeskProbe?: Probe;
    wgdeskInject?: Inject;
  }
}

const probe: Probe = { firstRender: null, pushes: [] };
window.wgdeskProbe = probe;

/** After the frame that follows now has been painted: rAF runs before paint, a task posted from it after. */
function afterPaint(then: (at: number) => void): void {
  requestAnimationFrame(() => setTimeout(() => then(performance.now()), 0));
}

const methodOfCall = new Map<number, string>();
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, data) {
  if (typeof data === 'string') {
    const m = /^\{"type":"call","id":(\d+),"method":"([^"]+)"/.exec(data);
    if (m !== null) methodOfCall.set(Number(m[1]), m[2] ?? '');
  }
  send.call(this, data);
};

function watchFirstRender(arrivedAt: number, handlerMs: number): void {
  const rows = (): boolean => document.querySelector('.peer-body .peer-row') !== null;
  const done = (committedAt: number): void => {
    // Marks, for a trace taken around the bench (DevTools' Timings track).
    performance.mark('wgdesk:list-arrived', { startTime: arrivedAt });
    performance.mark('wgdesk:rows-committed', { startTime: committedAt });
    afterPaint((paintedAt) => {
      performance.mark('wgdesk:rows-painted', { startTime: paintedAt });
      probe.firstRender = {
        arrivedAt,
        handlerMs,
        committedMs: committedAt - arrivedAt,
        paintedMs: paintedAt - arrivedAt,
      };
    });
  };
  if (rows()) return done(performance.now());
  const observer = new MutationObserver(() => {
    if (!rows()) return;
    observer.disconnect();
    done(performance.now());
  });
  observer.observe(document.body, { childList: true, subtree: true });
}

/**
 * Runs `run` (the app's handler) and returns the time its JSON.parse calls
 * took: the decode, split from the store's apply that follows in the same
 * handler; and what the last of them gave. JSON.parse is wrapped only for
 * that call, then put back.
 */
function timingParse(run: () => void): { ms: number; parsed: unknown } {
  const parse = JSON.parse;
  let ms = 0;
  let parsed: unknown;
  JSON.parse = (text: string, reviver?: Parameters<typeof parse>[1]): unknown => {
    const t = performance.now();
    try {
      parsed = parse(text, reviver);
      return parsed;
    } finally {
      ms += performance.now() - t;
    }
  };
  try {
    run();
  } finally {
    JSON.parse = parse;
  }
  return { ms, parsed };
}

/** The peers a push names: its ids column, from the app's own parse of the frame. */
function peersIn(parsed: unknown): number {
  const ids = (parsed as { payload?: { ids?: unknown } } | undefined)?.payload?.ids;
  return Array.isArray(ids) ? ids.length : 0;
}

function timed(handler: (this: WebSocket, ev: MessageEvent) => unknown) {
  return function (this: WebSocket, ev: MessageEvent): void {
    const data: unknown = ev.data;
    const text = typeof data === 'string' ? data : '';
    const isPush = text.startsWith('{"type":"event","name":"peers.stats"');
    const t0 = performance.now();
    let parseMs = 0;
    let peers = 0;
    if (isPush) {
      const parse = timingParse(() => handler.call(this, ev));
      parseMs = parse.ms;
      // Counted from the app's parse: parsing the frame again here made as much
      // garbage as the push itself, for the page's collector to meet in a later push.
      peers = peersIn(parse.parsed);
    } else handler.call(this, ev);
    const t1 = performance.now();
    const result = /^\{"type":"result","id":(\d+)/.exec(text);
    if (result !== null) {
      const method = methodOfCall.get(Number(result[1]));
      if (method === 'peers.list' && probe.firstRender === null) watchFirstRender(t0, t1 - t0);
      return;
    }
    if (!isPush) return;
    queueMicrotask(() => {
      const applyMs = performance.now() - t0;
      afterPaint((paintedAt) => {
        const paintedMs = paintedAt - t0;
        const handlerMs = t1 - t0;
        probe.pushes.push({ bytes: text.length, peers, parseMs, handlerMs, applyMs, paintedMs });
      });
    });
  };
}

const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
if (onmessage?.set === undefined || onmessage.get === undefined)
  throw new Error('WebSocket.prototype.onmessage is not an accessor here');
const { get, set } = onmessage;
Object.defineProperty(WebSocket.prototype, 'onmessage', {
  configurable: true,
  enumerable: true,
  get(this: WebSocket) {
    return get.call(this);
  },
  set(this: WebSocket, handler: ((this: WebSocket, ev: MessageEvent) => unknown) | null) {
    const wrapped = handler === null ? null : timed(handler);
    set.call(this, wrapped);
    // The app's newest socket is the one frames are injected into.
    if (wrapped !== null) {
      window.wgdeskInject = (frame) =>
        wrapped.call(this, new MessageEvent('message', { data: frame }));
    }
  },
});
