import type { BrowserContext, WebSocketRoute } from 'playwright-core';
import type { EventPayload } from '../../../shared/contract';
import { handle } from './handlers';
import { seed, type FakeState } from './seed';

/**
 * A fake main behind the page's WebSocket (Playwright's routeWebSocket): the
 * built renderer runs unchanged, talking the real `wgdesk serve` protocol to an
 * in-memory fake. For screenshots and the renderer bench only; behaviour is
 * tested against the real server.
 */
export interface FakeMain {
  readonly state: FakeState;
  /** Next answer to every call is this error (to show an error screen). */
  failWith(kind: string, message: string): void;
  stop(): void;
}

/** One push per second, like the monitor: online peers' counters grow, rates wobble. */
function tick(state: FakeState, at: number): EventPayload<'peers.stats'>[] {
  const byServer = new Map<number, EventPayload<'peers.stats'>['peers']>();
  for (const p of state.peers) {
    const st = state.stats.get(p.id);
    if (st === undefined || st.status !== 'online') continue;
    const wobble = 0.7 + 0.6 * Math.abs(Math.sin(at / 3000 + p.id));
    const next = {
      ...st,
      rxRate: Math.round(st.rxRate * 0.5 + 4000 * wobble * (p.id % 5)),
      txRate: Math.round(st.txRate * 0.5 + 30000 * wobble * (p.id % 4)),
      lastHandshake: at - (st.lastHandshake ?? at) > 120_000 ? at : st.lastHandshake,
    };
    next.rxTotal += next.rxRate;
    next.txTotal += next.txRate;
    state.stats.set(p.id, next);
    byServer.set(p.interfaceId, [...(byServer.get(p.interfaceId) ?? []), next]);
  }
  return [...byServer].map(([interfaceId, peers]) => ({ interfaceId, at, peers }));
}

export async function installFakeMain(
  context: BrowserContext,
  state: FakeState = seed(),
): Promise<FakeMain> {
  const sockets = new Set<WebSocketRoute>();
  let failure: { kind: string; message: string } | null = null;
  await context.routeWebSocket(/\/api$/, (ws) => {
    sockets.add(ws);
    ws.onClose(() => sockets.delete(ws));
    ws.onMessage((raw) => {
      const m = JSON.parse(raw.toString()) as {
        type: string;
        id?: number;
        method?: string;
        params?: unknown;
      };
      if (m.type !== 'call' || m.id === undefined || m.method === undefined) return;
      const id = m.id;
      const answer =
        failure === null
          ? handle(state, m.method, m.params)
          : Promise.resolve({ ok: false, error: failure });
      void answer.then((result) => ws.send(JSON.stringify({ type: 'result', id, result })));
    });
  });
  const timer = setInterval(() => {
    for (const payload of tick(state, Date.now())) {
      const frame = JSON.stringify({ type: 'event', name: 'peers.stats', payload });
      for (const ws of sockets) ws.send(frame);
    }
  }, 1000);
  return {
    state,
    failWith(kind, message) {
      failure = { kind, message };
    },
    stop: () => clearInterval(timer),
  };
}
