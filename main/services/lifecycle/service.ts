// The engine's lifecycle duties, run from the monitor's poll: quota accounting
// (use, warnings at 80 and 90 %, the cut), peers the one rule keeps out taken
// from the kernel (expired, over quota, put back while out), and peers whose
// quota period is over let back. Time is the context's clock, so tests move it.
import { AppError } from '../../../shared/errors';
import type { NewConnectionEntry } from '../../store/connections';
import type { InterfaceId, PeerId, PeerRecord, QuotaUse, UserId } from '../../store/types';
import { admit } from '../access/gate';
import { admissionOfRecord, whyOut } from '../access/why-out';
import type { Caller } from '../context';
import { audit, peerSummary, peerTarget } from '../logs/audit';
import type { MonitorCore } from '../monitor/core';
import type { PeerState } from '../monitor/state';
import { evict } from './evict';
import { periodEnd } from './period';
import { quotaStep } from './quota';
import { encodeReason } from '../../../shared/reason';
import { UserQuotaPass, type QuotaWarning } from './user-pass';

/** What one accounting pass found. */
interface Pass {
  readonly exceeded: PeerId[];
  readonly returning: PeerId[];
  readonly warnings: QuotaWarning[];
}

export class LifecycleService {
  readonly #core: MonitorCore;
  readonly #users: UserQuotaPass;

  constructor(core: MonitorCore) {
    this.#core = core;
    this.#users = new UserQuotaPass(core);
  }

  /** The poll's pass. `stray`: peers the dump shows in the kernel that the rule keeps out. */
  async tick(stray: readonly PeerId[]): Promise<void> {
    const { exceeded, returning, warnings } = this.#account();
    const users = this.#users.account(this.#core.ctx.now());
    this.#warn([...warnings, ...users.warnings]);
    const out = [...new Set([...stray, ...exceeded, ...this.#peersOf(users.exceeded)])];
    if (out.length > 0) await this.evictIds(out, 'monitor');
    const back = [...new Set([...returning, ...this.#peersOf(users.returning)])];
    if (back.length > 0) await this.#returnIds(back);
  }

  /**
   * Revokes peers for good: the rows are marked (and stay, for history), each
   * key is recorded as refused on its server, and they leave the kernel.
   * Returns how many were newly revoked.
   */
  async revoke(ids: readonly PeerId[], caller: Caller): Promise<number> {
    const { ctx } = this.#core;
    this.#requireAll(ids);
    return this.#change(ids, async () => {
      const now = ctx.now();
      const rows = this.#rows(ids).filter((p) => p.revokedAt === null);
      const revoked = ctx.store.transaction(() =>
        rows.map((p) => {
          const iface = ctx.store.interfaces.require(p.interfaceId);
          ctx.store.revoked.add({
            serverKey: iface.publicKey,
            publicKey: p.publicKey,
            revokedAt: now,
            revokedBy: caller.actor,
            peerName: p.name,
          });
          const row = ctx.store.peers.update(p.id, { revokedAt: now, revokedBy: caller.actor });
          audit(ctx.store, caller, 'peer.revoke', peerTarget(row), peerSummary(row));
          return row;
        }),
      );
      await evict(this.#core, revoked, caller.actor);
      ctx.events('state.changed', { what: 'peers', ids: revoked.map((p) => p.id) });
      return revoked.length;
    });
  }

  /** Takes these peers out of the kernel if the rule still keeps them out once the change has its turn. */
  evictIds(ids: readonly PeerId[], actor: string): Promise<unknown> {
    return this.#change(ids, () => evict(this.#core, this.#rows(ids), actor));
  }

  /**
   * Synchronous, so nothing interleaves: every peer with a quota is read
   * against it, and what changed is written in one transaction.
   */
  #account(): Pass {
    const core = this.#core;
    const now = core.ctx.now();
    const exceeded: PeerId[] = [];
    const returning: PeerId[] = [];
    const uses: [PeerState, QuotaUse][] = [];
    const warnings: NewConnectionEntry[] = [];
    const pushed: QuotaWarning[] = [];
    for (const s of core.table.all()) {
      const { quota, quotaExceededAt } = s.admission;
      if (quotaExceededAt !== null && !quotaHolds(s, now)) returning.push(s.id);
      if (quota === null) continue;
      const total = s.observed.rxTotal + s.observed.txTotal;
      const step = quotaStep(quota, s.quotaUse, total, now, quotaExceededAt);
      if (step.use !== null) uses.push([s, step.use]);
      if (step.exceeded) exceeded.push(s.id);
      for (const level of step.warn) {
        warnings.push({
          peerId: s.id,
          userId: s.userId,
          at: now,
          event: 'quota_warning',
          endpoint: s.endpoint,
          rx: 0,
          tx: 0,
          detail: encodeReason({
            code: 'quota_warning',
            percent: level,
            used: step.used,
            bytes: quota.bytes,
            user: null,
          }),
        });
        const name = core.ctx.store.peers.getById(s.id)?.name ?? '';
        pushed.push({
          scope: 'peer',
          id: s.id,
          name,
          percent: level,
          used: step.used,
          bytes: quota.bytes,
        });
      }
    }
    if (uses.length === 0 && exceeded.length === 0 && warnings.length === 0) {
      return { exceeded, returning, warnings: pushed };
    }
    core.save(() => {
      for (const [s, use] of uses) {
        core.rows.writeQuotaUse(s.id, use);
        core.table.set({ ...s, quotaUse: use });
      }
      for (const id of exceeded) {
        core.rows.writeExceeded(id, now);
        const s = core.table.get(id);
        if (s !== undefined) {
          core.table.set({ ...s, admission: { ...s.admission, quotaExceededAt: now } });
        }
      }
      core.ctx.store.connections.append(warnings);
    });
    const changed = [...new Set([...uses.map(([s]) => s.id), ...exceeded])];
    if (changed.length > 0 && changed.length <= 100) {
      core.ctx.events('state.changed', { what: 'peers', ids: changed });
    }
    return { exceeded, returning, warnings: pushed };
  }

  /** Warnings as events too: the window shows each as a notice. */
  #warn(warnings: readonly QuotaWarning[]): void {
    for (const w of warnings) this.#core.ctx.events('quota.warning', w);
    if (warnings.length > 0) this.#core.ctx.events('state.changed', { what: 'logs' });
  }

  /** The peers of these users on this host. */
  #peersOf(users: readonly UserId[]): PeerId[] {
    if (users.length === 0) return [];
    const set = new Set(users);
    const { table } = this.#core;
    table.sync();
    const out: PeerId[] = [];
    for (const s of table.all()) if (s.userId !== null && set.has(s.userId)) out.push(s.id);
    return out;
  }

  /** Peers whose quota period is over (their own or their user's): those nothing else holds go back. */
  #returnIds(ids: readonly PeerId[]): Promise<unknown> {
    return this.#change(ids, async () => {
      const now = this.#core.ctx.now();
      const rows: PeerRecord[] = [];
      const stillHeld: PeerRecord[] = [];
      for (const p of this.#rows(ids)) {
        const without = whyOut({ ...admissionOfRecord(p), quotaExceededAt: null }, now);
        if (p.quotaExceededAt === null) {
          // A user's hold was lifted: back if nothing holds it now, and it is not in already.
          if (without === null && this.#core.table.get(p.id)?.inKernel === false) rows.push(p);
          continue;
        }
        (without === null ? rows : stillHeld).push(p);
      }
      // Held for another reason too: the quota no longer counts, nothing to log or add.
      const { table, rows: repo } = this.#core;
      this.#core.save(() => {
        for (const p of stillHeld) {
          repo.writeExceeded(p.id, null);
          const s = table.get(p.id);
          if (s !== undefined) {
            table.set({ ...s, admission: { ...s.admission, quotaExceededAt: null } });
          }
        }
      });
      if (rows.length === 0) return [];
      return admit(this.#core, {
        peers: rows,
        lift: { quotaExceededAt: null },
        event: 'auto_reconnect',
        actor: 'monitor',
        action: 'peer.quota_reset',
        detail: () => ({ code: 'quota_period' }),
      });
    });
  }

  /** NotFound for an id that is not a peer of this host, before anything is queued. */
  #requireAll(ids: readonly PeerId[]): void {
    const { table, ctx } = this.#core;
    table.sync();
    for (const id of ids) {
      ctx.store.peers.require(id);
      if (table.get(id) === undefined) {
        throw new AppError('NotFound', `peer ${id} is not on this host`);
      }
    }
  }

  /** Fresh rows of the peers still on this host. */
  #rows(ids: readonly PeerId[]): PeerRecord[] {
    const { ctx, table } = this.#core;
    table.sync();
    const out: PeerRecord[] = [];
    for (const id of new Set(ids)) {
      const p = ctx.store.peers.getById(id);
      if (p !== undefined && table.get(id) !== undefined) out.push(p);
    }
    return out;
  }

  #change<T>(ids: readonly PeerId[], task: () => Promise<T>): Promise<T> {
    const { table, ctx } = this.#core;
    const interfaces = new Set<InterfaceId>();
    for (const id of ids) {
      const s = table.get(id);
      if (s !== undefined) interfaces.add(s.interfaceId);
    }
    return ctx.kernel.change([...interfaces], task);
  }
}

/** Whether a quota that ran out still holds the peer out at `now`. */
function quotaHolds(s: PeerState, now: number): boolean {
  const { quota, quotaExceededAt } = s.admission;
  if (quota === null || quotaExceededAt === null) return false;
  const end = periodEnd(quota, quotaExceededAt);
  return end === null || end > now;
}
