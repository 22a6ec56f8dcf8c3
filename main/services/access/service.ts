// Disconnect and reconnect, by an admin or by the clock. A disconnected peer
// stays in the database and out of the kernel until an admin reconnects it
// or its time runs out. Each call is one change of the peers' interfaces in
// the kernel pipeline, and reads the rows it acts on once it has its turn.
import type { PeerStats } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { InterfaceId, PeerId, PeerRecord } from '../../store';
import type { Caller } from '../context';
import type { MonitorCore } from '../monitor/core';
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

  /** Re-admits peers whose timed disconnect is over (the monitor's tick); limit cuts settle in limits.ts. */
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
      const { disconnected, disconnectedUntil, disconnectKind } = s.admission;
      // A limit cut's time is only the earliest it may take a free slot (limits.ts settles it).
      if (!disconnected || disconnectKind === 'limit') continue;
      if (disconnectedUntil !== null && disconnectedUntil <= now) due.push(s.id);
    }
    return due;
  }
}

/** Why the peer was out, for the reason it is let back in (a time-up has no time-up inside). */
function baseReason(r: Reason | null): BaseReason | null {
  return r === null || r.code === 'time_up' ? (r?.after ?? null) : r;
}
