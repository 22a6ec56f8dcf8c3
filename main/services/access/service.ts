// Disconnect and reconnect, by an admin or by the clock. A disconnected peer
// stays in the database and out of the kernel until an admin reconnects it
// or its time runs out. Each call is one change of the peers' interfaces in
// the kernel pipeline, and reads the rows it acts on once it has its turn.
import type { PeerStats } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { InterfaceId, PeerId, PeerRecord } from '../../store';
import type { Caller } from '../context';
import type { MonitorCore } from '../monitor/core';
import { admissionAt } from '../monitor/state';
import { admit, block } from './gate';
import { decodeReason, type BaseReason, type Reason } from '../../../shared/reason';

export class AccessService {
  readonly #core: MonitorCore;

  constructor(core: MonitorCore) {
    this.#core = core;
  }

  disconnect(
    ids: readonly PeerId[],
    forSeconds: number | undefined,
    caller: Caller,
  ): Promise<PeerStats[]> {
    return this.#change(ids, () => {
      const at = this.#core.ctx.now();
      const until = forSeconds === undefined ? null : at + forSeconds * 1000;
      return block(this.#core, {
        peers: this.load(ids),
        until: () => until,
        event: 'admin_disconnect',
        actor: caller.actor,
        action: 'peer.disconnect',
        reason: () => ({ code: 'admin_cut', actor: caller.actor, forSeconds: forSeconds ?? null }),
        audit: () => ({ forSeconds: forSeconds ?? null, until }),
      });
    });
  }

  reconnect(ids: readonly PeerId[], caller: Caller): Promise<PeerStats[]> {
    return this.#change(ids, () =>
      admit(this.#core, {
        peers: this.load(ids).filter((p) => p.disconnected),
        event: 'admin_reconnect',
        actor: caller.actor,
        action: 'peer.reconnect',
        detail: () => ({ code: 'admin_let_back', actor: caller.actor }),
      }),
    );
  }

  /** Re-admits peers whose timed disconnect or limit cool-down is over (the monitor's tick). */
  async readmitExpired(): Promise<PeerStats[]> {
    const due = this.#due();
    if (due.length === 0) return [];
    return this.#change(due, async () => {
      // Due when it was checked; an admin may have reconnected or cut it again since.
      const still = new Set(this.#due());
      const peers = this.load(due.filter((id) => still.has(id)));
      if (peers.length === 0) return [];
      return admit(this.#core, {
        peers,
        event: 'auto_reconnect',
        actor: 'monitor',
        action: 'peer.auto_reconnect',
        detail: (p) => ({ code: 'time_up', after: baseReason(decodeReason(p.disconnectReason)) }),
      });
    });
  }

  /**
   * Takes disconnected peers out of the kernel that somebody put back (another
   * tool, a reconciliation that predates the disconnect): they stay out. Each
   * is checked again once the change has its turn: a peer reconnected in the
   * meantime belongs in the kernel and stays.
   */
  async removeStray(ids: readonly PeerId[]): Promise<void> {
    if (ids.length === 0) return;
    const { ctx } = this.#core;
    await this.#change(ids, async () => {
      const now = ctx.now();
      const failures: AppError[] = [];
      for (const [interfaceId, keys] of this.#strayKeys(ids, now)) {
        const iface = ctx.store.interfaces.getById(interfaceId);
        if (iface === undefined) continue;
        await ctx.kernel.removePeers(iface, keys).catch((e: unknown) => {
          failures.push(e instanceof AppError ? e : new AppError('CommandFailed', String(e)));
        });
      }
      const first = failures[0];
      if (first !== undefined) throw first;
    });
  }

  /** Stored records of these peers, refusing ids that do not exist or are not on this host. */
  load(ids: readonly PeerId[]): PeerRecord[] {
    const { table, ctx } = this.#core;
    table.sync();
    return [...new Set(ids)].map((id) => {
      const record = ctx.store.peers.require(id);
      if (table.get(id) === undefined) {
        throw new AppError('NotFound', `peer ${id} is not on this host`);
      }
      return record;
    });
  }

  /**
   * One change of every interface these peers are on, found in the live
   * table; an id that is not there is refused without waiting for the queue.
   * The task loads the rows itself, once it has its turn.
   */
  async #change<T>(ids: readonly PeerId[], task: () => Promise<T>): Promise<T> {
    const { table, ctx } = this.#core;
    table.sync();
    const interfaces = new Set<InterfaceId>();
    for (const id of ids) {
      const live = table.get(id);
      if (live === undefined) {
        ctx.store.peers.require(id); // NotFound when it does not exist at all
        throw new AppError('NotFound', `peer ${id} is not on this host`);
      }
      interfaces.add(live.interfaceId);
    }
    return ctx.kernel.change([...interfaces], task);
  }

  #due(): PeerId[] {
    const now = this.#core.ctx.now();
    const due: PeerId[] = [];
    for (const s of this.#core.table.all()) {
      const { disconnected, disconnectedUntil } = s.admission;
      if (disconnected && disconnectedUntil !== null && disconnectedUntil <= now) due.push(s.id);
    }
    return due;
  }

  #strayKeys(ids: readonly PeerId[], now: number): Map<InterfaceId, PeerRecord['publicKey'][]> {
    const { table } = this.#core;
    table.sync();
    const out = new Map<InterfaceId, PeerRecord['publicKey'][]>();
    for (const id of ids) {
      const s = table.get(id);
      if (s === undefined || admissionAt(s.admission, now) !== 'disconnected') continue;
      out.set(s.interfaceId, [...(out.get(s.interfaceId) ?? []), s.publicKey]);
    }
    return out;
  }
}

/** Why the peer was out, for the reason it is let back in (a time-up has no time-up inside). */
function baseReason(r: Reason | null): BaseReason | null {
  return r === null || r.code === 'time_up' ? (r?.after ?? null) : r;
}
