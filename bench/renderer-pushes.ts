// The stats pushes of issue 17 (point 6) for bench/renderer.bench.ts: the 1 s
// push where every peer's counters moved, built with the contract's codec and
// handed to the page through the probe (the bench's peers are idle, so main
// never sends one), and what main sends in a second where nothing moved.
import type { Page } from 'playwright-core';
import { StatsPusher } from '../main/services/monitor/push';
import type { InterfaceId } from '../main/store/types';
import type { Inject, Probe, PushTiming } from '../renderer/bench/probe-types';
import { diffPush, type PeerStats } from '../shared/contract';
import type { Api } from '../test/e2e/api';
import { waitFor } from '../test/integration/rig';
import { profiled } from './renderer-profile';

/**
 * Injected pushes whose counters all move: the first few warm the page up
 * (the first makes every peer's sparkline ring, the JIT settles), the rest
 * are measured. One a second, as main sends them: the idle time between is
 * where the page's garbage collector runs, as it does between real pushes.
 */
const WARM_UP_PUSHES = 3;
const COUNTER_PUSHES = 9;
const PUSH_EVERY_MS = 1000;

// Evaluated in the page: each callback names the global itself (closures do not travel).
export const readProbe = (page: Page): Promise<Probe> =>
  page.evaluate(() => {
    const p = (globalThis as unknown as { wgdeskProbe?: Probe }).wgdeskProbe;
    if (p === undefined) throw new Error('the probe is not installed');
    return p;
  });

/**
 * Every peer's numbers one second on: rates spread from 1 KB/s to 1 MB/s, the
 * counters moved by a poll's worth (985–1015 ms), status and handshake kept.
 */
export function movedCounters(peers: readonly PeerStats[], second: number): PeerStats[] {
  return peers.map((p, i) => {
    const rate = Math.round(10 ** (3 + (3 * ((i * 7919) % peers.length)) / peers.length));
    const elapsed = 985 + ((i * 31 + second) % 30);
    return {
      ...p,
      rxTotal: p.rxTotal + rate * second,
      txTotal: p.txTotal + Math.round(rate / 3) * second,
      rxRate: Math.round((rate * 1000) / elapsed),
      txRate: Math.round((Math.round(rate / 3) * 1000) / elapsed),
    };
  });
}

/** What main's pusher sends for 10,000 idle peers after their first push: nothing. */
export function idlePushBytes(peers: readonly PeerStats[]): number {
  let bytes = 0;
  let now = 0;
  const pusher = new StatsPusher(
    (push) =>
      (bytes += JSON.stringify({ type: 'event', name: 'peers.stats', payload: push }).length),
    1000,
    { now: () => now, later: () => () => undefined },
  );
  const second = (): void => {
    for (const p of peers) pusher.offer(1 as InterfaceId, p);
    pusher.flush();
    now += 1000;
  };
  second();
  bytes = 0;
  second();
  return bytes;
}

/**
 * Hands the page WARM_UP_PUSHES + COUNTER_PUSHES pushes that move every
 * peer's counters, following on from its snapshot (the bench's peers are
 * idle: no real push comes between), and returns the measured ones' timings
 * and one's bytes. With WGDESK_BENCH_PROFILE set, the measured pushes run
 * under the page's profiler (bench/renderer-profile.ts).
 */
export async function counterPushes(
  page: Page,
  api: Api,
  interfaceId: number,
  log: (line: string) => void,
): Promise<{ timings: PushTiming[]; bytes: number; oldBytes: number }> {
  const snap = await api.call('peers.stats', { interfaceId });
  const sent = new Map(snap.peers.map((p) => [p.id, p]));
  let seq = snap.seq;
  let bytes = 0;
  let oldBytes = 0;
  let k = 0;
  const inject = async (): Promise<void> => {
    k++;
    const peers = movedCounters(snap.peers, k);
    const payload = diffPush({ interfaceId, at: snap.at + k * 1000, seq }, sent, peers);
    if (payload === null) throw new Error('the counters did not move');
    seq = payload.seq;
    const frame = JSON.stringify({ type: 'event', name: 'peers.stats', payload });
    bytes = frame.length;
    const old = { interfaceId, at: payload.at, peers };
    oldBytes = JSON.stringify({ type: 'event', name: 'peers.stats', payload: old }).length;
    const before = (await readProbe(page)).pushes.length;
    const sentAt = performance.now();
    await page.evaluate((f) => {
      const inject = (globalThis as unknown as { wgdeskInject?: Inject }).wgdeskInject;
      if (inject === undefined) throw new Error('the probe cannot inject');
      inject(f);
    }, frame);
    await waitFor(async () => (await readProbe(page)).pushes.length > before, 60_000);
    const rest = PUSH_EVERY_MS - (performance.now() - sentAt);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  };
  for (let i = 0; i < WARM_UP_PUSHES; i++) await inject();
  const before = (await readProbe(page)).pushes.length;
  await profiled(page, process.env.WGDESK_BENCH_PROFILE, log, async () => {
    for (let i = 0; i < COUNTER_PUSHES; i++) await inject();
  });
  return { timings: (await readProbe(page)).pushes.slice(before), bytes, oldBytes };
}
