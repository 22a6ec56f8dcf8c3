// The poll: once per interval, `wg show all dump` for every interface of this
// host, turned into per-peer state, one batched write of what changed, the
// connection log, minute samples, and a push of what the UI must redraw.
// Then the follow-ups that change the kernel: the lifecycle pass (quotas, and
// peers the one rule keeps out taken from the kernel), expired disconnects
// back in, device limits enforced.
import type { PeerStats } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { NewConnectionEntry } from '../../store/connections';
import type { InterfaceId, PeerId, UnixMs } from '../../store';
import type { ObservedInterface } from '../../wireguard';
import type { AccessService } from '../access/service';
import type { MonitorCore } from './core';
import type { LimitService } from '../access/limits';
import type { LifecycleService } from '../lifecycle/service';
import { recyclesDumps } from '../../host/host';
import { DumpIndex } from './dump-index';
import { observe, type StepSlot } from './observe';
import { Pace } from './pace';
import { HOUR_S, MINUTE_S } from './series';
import { admissionAt, statsOf, type PeerState } from './state';

/** What one poll did, for tests and the benchmark. */
export interface PollReport {
  readonly at: UnixMs;
  readonly peers: number;
  readonly written: number;
  readonly events: number;
}

/**
 * CPU that answering the dump costs wg and wireguard-go, per peer: 351 ms for
 * 50k peers, 82 ms for 10k on a quiet machine (issue 17's measurements;
 * bench 'monitor poll' prints it).
 */
const DUMP_MS_PER_PEER = 0.007;

/** What a minute leaves due is written before the next one ends. */
const MAX_SPREAD_MS = 50_000;

export class Monitor {
  readonly #core: MonitorCore;
  readonly #access: AccessService;
  readonly #limits: LimitService;
  readonly #lifecycle: LifecycleService;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #inFlight: Promise<PollReport> | null = null;
  #minute: number | null = null;
  /** When what the last minute left due must be written by (see #closeMinute). */
  #dueBy: UnixMs = 0;
  #lastError: AppError | null = null;
  readonly #pace: Pace;
  #polls = 0;
  readonly #index = new DumpIndex();
  /** The step observe() writes over, peer after peer (see observe's `into`). */
  #step: StepSlot | undefined;

  constructor(
    core: MonitorCore,
    access: AccessService,
    limits: LimitService,
    lifecycle: LifecycleService,
  ) {
    this.#core = core;
    this.#access = access;
    this.#limits = limits;
    this.#lifecycle = lifecycle;
    this.#pace = new Pace(core.options.pollIntervalMs);
  }

  /** How often it polls now: the configured interval, or longer with many peers (pace.ts). */
  get intervalMs(): number {
    return this.#pace.intervalMs;
  }

  /** Polls now and then every interval until stop(). A failed poll is kept in lastError and retried. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops polling, waits for a poll in progress, and saves the minute in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight?.catch(() => undefined);
    await this.#core.ctx.kernel.idle();
    // Counters and the minute in progress together: saving only the minute
    // would count its bytes again when the next run reads the kernel against
    // the stored counters.
    this.#core.table.sync();
    this.#core.save(() => this.#core.writer.writeAll());
    this.#core.pusher.close();
  }

  /** The last poll's failure (wg missing, permission…), or null after a good one. */
  get lastError(): AppError | null {
    return this.#lastError;
  }

  /** One full cycle. Concurrent callers share the poll in progress. */
  pollOnce(): Promise<PollReport> {
    this.#inFlight ??= this.#cycle().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Every peer of one interface, as the UI shows it now. */
  snapshot(interfaceId: InterfaceId): { at: UnixMs; seq: number; peers: PeerStats[] } {
    const { table, ctx } = this.#core;
    ctx.store.interfaces.require(interfaceId);
    table.sync();
    const at = ctx.now();
    const states = table.iface(interfaceId)?.peers.values() ?? [];
    // issue 17: as of the last push (its seq), so that the pushes' deltas follow on.
    return {
      at,
      ...this.#core.pusher.snapshot(
        interfaceId,
        [...states].map((s) => statsOf(s, at)),
      ),
    };
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      const started = Date.now();
      this.pollOnce()
        .then(
          () => {
            this.#lastError = null;
          },
          (e: unknown) => {
            this.#lastError = e instanceof AppError ? e : new AppError('Internal', String(e));
          },
        )
        .finally(() => {
          // Interval from start to start; a slow poll is followed at once, never overlapped.
          this.#schedule(Math.max(0, this.#pace.intervalMs - (Date.now() - started)));
        });
    }, delay);
    this.#timer.unref();
  }

  async #cycle(): Promise<PollReport> {
    const opBefore = this.#core.table.lastKernelOp;
    const cpu0 = process.cpuUsage();
    const dump = await this.#core.ctx.host.readDump();
    const { report, stray } = this.#process(dump, opBefore);
    // #process keeps nothing of the dump (DumpIndex keeps positions, observe copies values).
    const host = this.#core.ctx.host;
    if (recyclesDumps(host)) host.recycleDump(dump);
    // `wg` or wireguard-go works for us too, in another process: estimated
    // from the number of peers, as the wait would count time the machine
    // gave to others (see DUMP_MS_PER_PEER).
    this.#paced(cpuMs(process.cpuUsage(cpu0)) + report.peers * DUMP_MS_PER_PEER);
    // Each follow-up runs even when the one before failed; the first failure is reported.
    const outcomes = await Promise.allSettled([
      this.#lifecycle.tick(stray),
      this.#access.readmitExpired(),
      this.#limits.enforce().then(() => this.#limits.settle()),
    ]);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return report;
  }

  /**
   * Moves the interval with the poll's cost. The first poll loads every peer
   * and pushes them all: not what the next ones cost. While the interval is
   * longer than asked, every poll says so, for windows opened meanwhile.
   */
  #paced(costMs: number): void {
    this.#polls += 1;
    const changed = this.#polls > 1 && this.#pace.record(costMs);
    const intervalMs = this.#pace.intervalMs;
    const lengthened = intervalMs !== this.#core.options.pollIntervalMs;
    if (changed || lengthened) this.#core.ctx.events('monitor.pace', { intervalMs, lengthened });
  }

  /** Everything between reading the dump and the kernel follow-ups: synchronous, so nothing interleaves. */
  #process(
    dump: ReadonlyMap<string, ObservedInterface>,
    opBefore: number,
  ): { report: PollReport; stray: PeerId[] } {
    const core = this.#core;
    const at = core.ctx.now();
    core.table.sync();
    let written = this.#closeMinute(at);
    const writes: PeerState[] = [];
    const entries: NewConnectionEntry[] = [];
    const stray: PeerId[] = [];
    let peers = 0;
    for (const iface of core.table.interfaces()) {
      const lookup = this.#index.of(iface.record.name, dump.get(iface.record.name));
      const elapsed = core.table.polled(iface.record.id, at);
      for (const prev of iface.peers.values()) {
        peers += 1;
        // Changed by wgdesk after this dump was read: the dump is out of date for it.
        if (prev.kernelOp > opBefore) continue;
        const seen = lookup(prev.publicKey);
        const step = observe(prev, seen, at, elapsed, this.#step);
        this.#step = step;
        const s = step.state;
        if (s !== prev) core.table.set(s);
        if (step.persist === 'now') writes.push(s);
        else if (step.persist === 'later') core.writer.markDirty(s.id);
        if (step.event !== null) entries.push({ peerId: s.id, userId: s.userId, ...step.event });
        core.sampler.add(s.id, step.rxDelta, step.txDelta);
        // In the kernel while the one rule keeps it out: expired, cut, put back by somebody else.
        if (seen !== undefined && admissionAt(s.admission, at) !== 'allowed') stray.push(s.id);
        core.offer(s, at, step.changed);
      }
    }
    this.#index.done();
    if (writes.length > 0 || entries.length > 0) {
      core.save(() => {
        core.writer.write(writes);
        core.ctx.store.connections.append(entries);
      });
      written += writes.length;
    }
    core.pusher.flush();
    if (entries.length > 0) core.ctx.events('state.changed', { what: 'logs' });
    return { report: { at, peers, written, events: entries.length }, stray };
  }

  /**
   * Before a poll observes anything. At the first poll of a minute, the
   * minute just over and every peer whose counters it moved become due
   * (persist.ts), and old history is pruned; then, at every poll, a share of
   * what is due is written, so that all of it is by minuteSpreadMs after the
   * minute's end: 10k rows and samples in one poll made it cost twice the
   * dump (issue 17). Returns how many peer rows it wrote.
   */
  #closeMinute(at: UnixMs): number {
    const core = this.#core;
    const finished = core.sampler.roll(at);
    const minute = Math.floor(at / 60_000);
    let written = 0;
    if (minute !== this.#minute || finished !== null) {
      this.#minute = minute;
      written += core.save(() => core.writer.roll(finished));
      // As many polls at a longer interval as at 1 s, within the minute.
      const spread = (core.options.minuteSpreadMs * this.#pace.intervalMs) / 1000;
      this.#dueBy = at + Math.min(spread, MAX_SPREAD_MS);
      this.#prune(at);
    }
    const due = core.writer.due;
    if (due === 0) return written;
    const pollsLeft = Math.max(1, Math.ceil((this.#dueBy - at) / this.#pace.intervalMs));
    return written + core.save(() => core.writer.writeDue(Math.ceil(due / pollsLeft)));
  }

  /**
   * Once a minute: drops minute rows past their retention and hour rows past
   * theirs, peers' and OpenVPN identities'. Each call deletes at most 10 minutes / 1 day of history, so
   * catching up after a long pause is spread over many polls.
   */
  #prune(at: UnixMs): void {
    const { samples, options } = this.#core;
    // issue 14: OpenVPN identities' history is kept as long as peers'.
    const openvpn = this.#core.ctx.store.openvpnSamples;
    this.#core.save(() => {
      for (const table of [samples, openvpn]) {
        table.prune(MINUTE_S, Math.floor((at - options.minuteRetentionMs) / 1000), 10 * 60);
        table.prune(HOUR_S, Math.floor((at - options.hourRetentionMs) / 1000), 86_400);
      }
    });
  }
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}
