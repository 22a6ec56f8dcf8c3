// Disconnect and reconnect: the database first (the peer is marked, its
// session logged, the audit written, in one transaction), then the smallest
// kernel change, then the UI. A disconnected peer stays in the database and
// out of the kernel until an admin reconnects it or its time runs out.
import type { PeerStats } from '../../../shared/contract';
import type { ConnectionEvent } from '../../../shared/contract/methods/monitor';
import { AppError } from '../../../shared/errors';
import type { InterfaceName, WgKey } from '../../../shared/validate/index';
import type { PeerSpec } from '../../host/host';
import type { NewConnectionEntry } from '../../store/connections';
import type { AuditValue, InterfaceId, PeerId, PeerRecord, UnixMs } from '../../store';
import type { Caller } from '../context';
import { belongsInKernel, peerSpecOf } from '../kernel/spec';
import type { MonitorCore } from '../monitor/core';
import {
  addToKernel,
  failureError,
  flushConntrack,
  removeFromKernel,
  type KernelFailure,
} from '../kernel/monitor-kernel';
import { isOnline, statsOf, type PeerState } from '../monitor/state';

/** How one batch of peers is cut off, and how it is written down. */
export interface Block {
  readonly peers: readonly PeerRecord[];
  /** When each may come back by itself; null = only when an admin reconnects it. */
  readonly until: (p: PeerRecord) => UnixMs | null;
  readonly event: Extract<ConnectionEvent, 'admin_disconnect' | 'limit_disconnect'>;
  readonly actor: string;
  readonly action: string;
  /** For the peer row (shown in the UI) and the connection log. */
  readonly reason: (p: PeerRecord) => string;
  readonly audit: (p: PeerRecord) => { readonly [k: string]: AuditValue };
}

interface Admit {
  readonly peers: readonly PeerRecord[];
  readonly event: Extract<ConnectionEvent, 'admin_reconnect' | 'auto_reconnect'>;
  readonly actor: string;
  readonly action: string;
  readonly detail: (p: PeerRecord) => string;
}

export class AccessService {
  readonly #core: MonitorCore;

  constructor(core: MonitorCore) {
    this.#core = core;
  }

  disconnect(ids: readonly PeerId[], forSeconds: number | undefined, caller: Caller) {
    return this.#core.serial(() => {
      const at = this.#core.ctx.now();
      const how = forSeconds === undefined ? '' : ` for ${duration(forSeconds)}`;
      const until = forSeconds === undefined ? null : at + forSeconds * 1000;
      return this.block({
        peers: this.load(ids),
        until: () => until,
        event: 'admin_disconnect',
        actor: caller.actor,
        action: 'peer.disconnect',
        reason: () => `disconnected by ${caller.actor}${how}`,
        audit: () => ({ forSeconds: forSeconds ?? null, until }),
      });
    });
  }

  reconnect(ids: readonly PeerId[], caller: Caller): Promise<PeerStats[]> {
    return this.#core.serial(() =>
      this.#admit({
        peers: this.load(ids).filter((p) => p.disconnected),
        event: 'admin_reconnect',
        actor: caller.actor,
        action: 'peer.reconnect',
        detail: () => `by ${caller.actor}`,
      }),
    );
  }

  /** Re-admits peers whose timed disconnect or limit cool-down is over (the monitor's tick). */
  readmitExpired(): Promise<PeerStats[]> {
    return this.#core.serial(async () => {
      const now = this.#core.ctx.now();
      const due: PeerId[] = [];
      for (const s of this.#core.table.all()) {
        const { disconnected, disconnectedUntil } = s.admission;
        if (disconnected && disconnectedUntil !== null && disconnectedUntil <= now) due.push(s.id);
      }
      if (due.length === 0) return [];
      return this.#admit({
        peers: this.load(due),
        event: 'auto_reconnect',
        actor: 'monitor',
        action: 'peer.auto_reconnect',
        detail: (p) => `time is up (${p.disconnectReason ?? 'disconnected'})`,
      });
    });
  }

  /**
   * Takes disconnected peers out of the kernel that somebody put back (another
   * tool, a reconciliation that predates the disconnect): they stay out.
   */
  removeStray(byInterface: ReadonlyMap<InterfaceName, readonly WgKey[]>): Promise<void> {
    if (byInterface.size === 0) return Promise.resolve();
    return this.#core.serial(async () => {
      const failures = await removeFromKernel(this.#core.ctx.host, byInterface);
      const error = failureError(failures);
      if (error) throw error;
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

  /** Cuts peers off. Call it inside core.serial. */
  async block(req: Block): Promise<PeerStats[]> {
    const { table, ctx, writer, connections } = this.#core;
    const at = ctx.now();
    const entries: NewConnectionEntry[] = [];
    const removals = new Map<InterfaceName, WgKey[]>();
    table.ownWrite(() =>
      ctx.store.transaction(() => {
        for (const p of req.peers) {
          const reason = req.reason(p);
          const until = req.until(p);
          ctx.store.peers.update(p.id, {
            disconnected: true,
            disconnectedUntil: until,
            disconnectReason: reason,
          });
          const live = table.get(p.id);
          if (live !== undefined) {
            if (!live.admission.disconnected || isOnline(live)) {
              entries.push(cutEntry(live, req.event, at, reason));
            }
            const next = blocked(live, until);
            writer.write([next]);
            table.set(next);
            push(removals, this.#nameOf(p.interfaceId), p.publicKey);
          }
          ctx.store.audit.append({
            actor: req.actor,
            action: req.action,
            targetType: 'peer',
            targetId: p.id,
            details: { name: p.name, interfaceId: p.interfaceId, ...req.audit(p) },
          });
        }
        connections.append(entries);
      }),
    );
    const failures = await removeFromKernel(ctx.host, removals);
    // Not waited for: the peer is cut already; this only ends flows it left in
    // NAT tables (two processes per address with LocalHost, ~40 ms), and it
    // starts after this call has returned (see background).
    this.#core.background(() => this.#flush(req));
    return this.#settle(req.peers, failures, true);
  }

  async #flush(req: Block): Promise<void> {
    const { ctx, table } = this.#core;
    const outcome = await flushConntrack(
      ctx.host,
      req.peers.flatMap((p) => p.addresses),
    );
    if (outcome === 'no addresses') return;
    table.ownWrite(() =>
      ctx.store.audit.append({
        actor: req.actor,
        action: 'peer.conntrack_flush',
        targetType: 'peer',
        targetId: req.peers.length === 1 ? (req.peers[0]?.id ?? null) : null,
        details: { peers: req.peers.map((p) => p.id), outcome },
      }),
    );
  }

  async #admit(req: Admit): Promise<PeerStats[]> {
    const { table, ctx, writer, connections } = this.#core;
    const at = ctx.now();
    const specs = new Map<InterfaceId, PeerSpec[]>();
    table.ownWrite(() =>
      ctx.store.transaction(() => {
        const entries: NewConnectionEntry[] = [];
        for (const p of req.peers) {
          const updated = ctx.store.peers.update(p.id, {
            disconnected: false,
            disconnectedUntil: null,
            disconnectReason: null,
          });
          const live = table.get(p.id);
          if (live !== undefined) {
            const next: PeerState = {
              ...live,
              admission: { ...live.admission, disconnected: false, disconnectedUntil: null },
            };
            writer.write([next]);
            table.set(next);
          }
          if (belongsInKernel(updated, at)) {
            const list = specs.get(p.interfaceId) ?? [];
            list.push(peerSpecOf(updated, ctx.store.peers));
            specs.set(p.interfaceId, list);
          }
          const detail = req.detail(p);
          entries.push({
            peerId: p.id,
            userId: p.userId,
            at,
            event: req.event,
            endpoint: null,
            rx: 0,
            tx: 0,
            detail,
          });
          ctx.store.audit.append({
            actor: req.actor,
            action: req.action,
            targetType: 'peer',
            targetId: p.id,
            details: { name: p.name, interfaceId: p.interfaceId, detail },
          });
        }
        connections.append(entries);
      }),
    );
    const failures: KernelFailure[] = [];
    for (const [interfaceId, list] of specs) {
      const record = table.iface(interfaceId)?.record;
      if (record === undefined) continue;
      const failure = await addToKernel(ctx.host, ctx.store, record, list);
      if (failure) failures.push(failure);
    }
    return this.#settle(req.peers, failures, false);
  }

  /**
   * After the kernel change: marks which peers the kernel now matches, makes
   * every dump read before this moment irrelevant for them, pushes their new
   * numbers, and throws if an interface failed.
   */
  #settle(
    peers: readonly PeerRecord[],
    failures: readonly KernelFailure[],
    removed: boolean,
  ): PeerStats[] {
    const { table, ctx, rows, writer } = this.#core;
    const failed = new Set(failures.map((f) => f.interfaceName));
    const op = table.nextKernelOp();
    const now = ctx.now();
    const out: PeerStats[] = [];
    table.ownWrite(() =>
      ctx.store.transaction(() => {
        for (const p of peers) {
          const name = table.iface(p.interfaceId)?.record.name;
          const ok = name === undefined || !failed.has(name);
          rows.setApplied(p.id, ok);
          const live = table.get(p.id);
          if (live === undefined) continue;
          // Out of the kernel for sure: its counters start from 0 when it comes back.
          const observed =
            removed && ok ? { ...live.observed, rxLastSeen: 0, txLastSeen: 0 } : live.observed;
          const next: PeerState = {
            ...live,
            observed,
            kernelOp: op,
            inKernel: live.inKernel && !removed,
          };
          writer.write([next]);
          table.set(next);
          this.#core.offer(next, now);
          out.push(statsOf(next, now));
        }
      }),
    );
    this.#core.pusher.flush();
    ctx.events('state.changed', { what: 'peers', ids: peers.map((p) => p.id) });
    ctx.events('state.changed', { what: 'logs' });
    const error = failureError(failures);
    if (error) throw error;
    return out;
  }

  #nameOf(interfaceId: InterfaceId): InterfaceName {
    const record = this.#core.table.iface(interfaceId)?.record;
    if (record === undefined) throw new AppError('NotFound', `interface ${interfaceId} is gone`);
    return record.name;
  }
}

/** The state of a peer just cut off: no session, no rates, marked disconnected. */
function blocked(live: PeerState, until: UnixMs | null): PeerState {
  return {
    ...live,
    admission: { ...live.admission, disconnected: true, disconnectedUntil: until },
    observed: { ...live.observed, sessionStartedAt: null, sessionRxStart: 0, sessionTxStart: 0 },
    rxRate: 0,
    txRate: 0,
  };
}

/** The log line of a cut: the session it ended (or none, when it was offline). */
function cutEntry(
  live: PeerState,
  event: Block['event'],
  at: UnixMs,
  reason: string,
): NewConnectionEntry {
  const o = live.observed;
  const online = isOnline(live);
  return {
    peerId: live.id,
    userId: live.userId,
    at,
    event,
    endpoint: live.endpoint,
    rx: online ? o.rxTotal - o.sessionRxStart : 0,
    tx: online ? o.txTotal - o.sessionTxStart : 0,
    detail: reason,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** "15 minutes", "2 hours", "90 seconds": as an admin would have said it. */
export function duration(seconds: number): string {
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0) return unit(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}
