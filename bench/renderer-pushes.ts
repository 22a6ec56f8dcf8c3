// The stats pushes of issue 17 (point 6) for bench/renderer.bench.ts, built
// with the contract's codec and handed to the page through the probe (the
// bench's peers are idle, so main never sends them): the 1 s push where every
// peer's counters moved, the disconnect-all / reconnect-all pushes again while
// serve is idle, and what main sends in a second where nothing moved.
import type { Page } from 'playwright-core';
import { StatsPusher } from '../main/services/monitor/push';
import type { InterfaceId } from '../main/store/types';
import type { Inject, Probe, PushTiming } from '../renderer/bench/probe-types';
import { diffPush, type PeerStats, type ResultOf } from '../shared/contract';

type PeersStatsSnapshot = ResultOf<'peers.stats'>;
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
const MEASURED_PUSHES = 9;
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
 * Every peer cut by an admin (odd `k`) or back (even `k`): the push main sends
 * after "disconnect every peer" and "reconnect every peer", counters kept.
 */
export function flippedStatuses(peers: readonly PeerStats[], k: number): PeerStats[] {
  const cut = k % 2 === 1;
  return peers.map((p) => ({
    ...p,
    status: cut ? 'disconnected' : p.status,
    outReason: cut ? 'disconnected' : p.outReason,
    rxRate: 0,
    txRate: 0,
  }));
}

/**
 * Pushes made here with the contract's codec and handed to the page through
 * the probe, following on from its snapshot (the bench's peers are idle: no
 * real push comes between), one a second as main sends them: the idle time
 * between is where the page's garbage collector runs. Each series first warms
 * the page up (the first push of a kind makes every peer's sparkline ring, the
 * JIT settles); it returns the measured pushes' timings and one's bytes. With
 * WGDESK_BENCH_PROFILE set, the measured pushes run under the page's profiler
 * (bench/renderer-profile.ts).
 */
export class InjectedPushes {
  #k = 0;
  readonly #sent: Map<number, PeerStats>;

  private constructor(
    private readonly page: Page,
    private readonly snap: PeersStatsSnapshot,
    private seq: number,
  ) {
    // Copies: diffPush writes what it sent over its map's entries, and `make` reads the snapshot.
    this.#sent = new Map(snap.peers.map((p) => [p.id, { ...p }]));
  }

  static async open(page: Page, api: Api, interfaceId: number): Promise<InjectedPushes> {
    const snap = await api.call('peers.stats', { interfaceId });
    return new InjectedPushes(page, snap, snap.seq);
  }

  async series(
    make: (peers: readonly PeerStats[], k: number) => PeerStats[],
    log: (line: string) => void,
  ): Promise<{ timings: PushTiming[]; bytes: number; oldBytes: number }> {
    let last = { bytes: 0, oldBytes: 0 };
    for (let i = 0; i < WARM_UP_PUSHES; i++) await this.#inject(make);
    const before = (await readProbe(this.page)).pushes.length;
    await profiled(this.page, process.env.WGDESK_BENCH_PROFILE, log, async () => {
      for (let i = 0; i < MEASURED_PUSHES; i++) last = await this.#inject(make);
    });
    return { timings: (await readProbe(this.page)).pushes.slice(before), ...last };
  }

  async #inject(
    make: (peers: readonly PeerStats[], k: number) => PeerStats[],
  ): Promise<{ bytes: number; oldBytes: number }> {
    this.#k++;
    const { interfaceId, at } = this.snap;
    const peers = make(this.snap.peers, this.#k);
    const head = { interfaceId, at: at + this.#k * 1000, seq: this.seq };
    const payload = diffPush(head, this.#sent, peers);
    if (payload === null) throw new Error('the injected push changes nothing');
    this.seq = payload.seq;
    const frame = JSON.stringify({ type: 'event', name: 'peers.stats', payload });
    const old = { interfaceId, at: payload.at, peers };
    const oldBytes = JSON.stringify({ type: 'event', name: 'peers.stats', payload: old }).length;
    const before = (await readProbe(this.page)).pushes.length;
    const sentAt = performance.now();
    await this.page.evaluate((f) => {
      const inject = (globalThis as unknown as { wgdeskInject?: Inject }).wgdeskInject;
      if (inject === undefined) throw new Error('the probe cannot inject');
      inject(f);
    }, frame);
    await waitFor(async () => (await readProbe(this.page)).pushes.length > before, 60_000);
    const rest = PUSH_EVERY_MS - (performance.now() - sentAt);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    return { bytes: frame.length, oldBytes };
  }
}
