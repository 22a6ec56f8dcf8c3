import type { AuditAction } from '../../../shared/audit-actions';
// Taking peers out of the kernel and putting them back, for every reason
// there is (an admin's disconnect, a device-limit cut, a timed return): the
// database first (the peer is marked, its session logged, the audit written,
// in one transaction), then the smallest kernel change per interface through
// the pipeline, then the UI. Callers hold the pipeline's change() for every
// interface of the peers they pass.
import type { PeerStats } from '../../../shared/contract';
import type { ConnectionEvent } from '../../../shared/domain';
import { encodeReason, type Reason } from '../../../shared/reason';
import type { WgKey } from '../../../shared/validate/index';
import type { PeerSpec } from '../../host/host';
import type {
  AuditValue,
  InterfaceId,
  NewConnectionEntry,
  PeerPatch,
  PeerRecord,
  UnixMs,
} from '../../store';
import { flushConntrack } from '../kernel/conntrack';
import { belongsInKernel, peerSpecOf } from '../kernel/spec';
import type { MonitorCore } from '../monitor/core';
import { admissionOfRecord, type Admission } from './why-out';
import { isOnline, type PeerState } from '../monitor/state';
import { eachInterface, settle } from './kernel-steps';

/** How one batch of peers is cut off, and how it is written down. */
export interface Block {
  readonly peers: readonly PeerRecord[];
  /** When each may come back by itself; null = only when an admin reconnects it. */
  readonly until: (p: PeerRecord) => UnixMs | null;
  readonly event: Extract<ConnectionEvent, 'admin_disconnect' | 'limit_disconnect'>;
  readonly actor: string;
  readonly action: AuditAction;
  /** For the peer row (shown in the UI) and the connection log. */
  readonly reason: (p: PeerRecord) => Reason;
  readonly audit: (p: PeerRecord) => { readonly [k: string]: AuditValue };
}

/** How one batch of peers is let back in. */
export interface Admit {
  readonly peers: readonly PeerRecord[];
  /**
   * What lifts the hold: by default the disconnect; a lifecycle return lifts
   * only its own (a new quota period clears quotaExceededAt, a user switched on
   * writes nothing), so a disconnect an admin made still holds.
   */
  readonly lift?: PeerPatch;
  readonly event: Extract<ConnectionEvent, 'admin_reconnect' | 'auto_reconnect'>;
  readonly actor: string;
  readonly action: AuditAction;
  readonly detail: (p: PeerRecord) => Reason;
}

/** Cuts peers off. */
export async function block(core: MonitorCore, req: Block): Promise<PeerStats[]> {
  const { table, ctx, writer } = core;
  const at = ctx.now();
  const entries: NewConnectionEntry[] = [];
  const removals = new Map<InterfaceId, WgKey[]>();
  table.ownWrite(() =>
    ctx.store.transaction(() => {
      for (const p of req.peers) {
        const reason = encodeReason(req.reason(p));
        const until = req.until(p);
        // A limit cut has no end time: it returns when a slot is free (limits.ts).
        const updated = ctx.store.peers.update(p.id, {
          disconnected: true,
          disconnectedUntil: until,
          disconnectReason: reason,
          disconnectKind: req.event === 'limit_disconnect' ? 'limit' : 'admin',
        });
        const live = table.get(p.id);
        if (live !== undefined) {
          if (!live.admission.disconnected || isOnline(live)) {
            entries.push(cutEntry(live, req.event, at, reason));
          }
          const next = blocked(live, admissionOfRecord(updated));
          writer.write([next]);
          table.set(next);
        }
        push(removals, p.interfaceId, p.publicKey);
        ctx.store.audit.append({
          actor: req.actor,
          action: req.action,
          targetType: 'peer',
          targetId: p.id,
          details: { name: p.name, interfaceId: p.interfaceId, ...req.audit(p) },
        });
      }
      ctx.store.connections.append(entries);
    }),
  );
  const steps = await eachInterface(core, removals, (iface, keys) =>
    ctx.kernel.removePeers(iface, keys),
  );
  // Not waited for: the peer is cut already; this only ends flows it left in
  // NAT tables (two processes per address with LocalHost, ~40 ms), and it
  // starts after this call has returned (see MonitorCore.background).
  core.background(() => flush(core, req));
  return settle(core, req.peers, steps, true);
}

/** Lets peers back in: those that now belong in the kernel go back with the smallest change. */
export async function admit(core: MonitorCore, req: Admit): Promise<PeerStats[]> {
  const { table, ctx, writer } = core;
  const at = ctx.now();
  const specs = new Map<InterfaceId, PeerSpec[]>();
  table.ownWrite(() =>
    ctx.store.transaction(() => {
      const entries: NewConnectionEntry[] = [];
      for (const p of req.peers) {
        const updated = ctx.store.peers.update(p.id, req.lift ?? LIFT_DISCONNECT);
        const live = table.get(p.id);
        if (live !== undefined) {
          const next: PeerState = { ...live, admission: admissionOfRecord(updated) };
          writer.write([next]);
          table.set(next);
        }
        if (belongsInKernel(updated, at)) {
          push(specs, p.interfaceId, peerSpecOf(updated, ctx.store.peers));
        }
        const reason = req.detail(p);
        entries.push({
          peerId: p.id,
          userId: p.userId,
          at,
          event: req.event,
          endpoint: null,
          rx: 0,
          tx: 0,
          detail: encodeReason(reason),
        });
        ctx.store.audit.append({
          actor: req.actor,
          action: req.action,
          targetType: 'peer',
          targetId: p.id,
          details: { name: p.name, interfaceId: p.interfaceId, reason },
        });
      }
      ctx.store.connections.append(entries);
    }),
  );
  const steps = await eachInterface(core, specs, (iface, list) => ctx.kernel.addPeers(iface, list));
  return settle(core, req.peers, steps, false);
}

export async function flush(core: MonitorCore, req: Pick<Block, 'peers' | 'actor'>): Promise<void> {
  const { ctx, table } = core;
  const outcome = await flushConntrack(ctx.host, ctx.store, req.peers);
  if (outcome === 'no addresses') return;
  table.ownWrite(() =>
    ctx.store.audit.append({
      actor: req.actor,
      action: 'peer.conntrack_flush',
      targetType: 'peer',
      targetId: req.peers.length === 1 ? (req.peers[0]?.id ?? null) : null,
      // One peer is named, so the audit entry reads with its name.
      details: {
        ...(req.peers.length === 1 ? { name: req.peers[0]?.name ?? null } : {}),
        peers: req.peers.map((p) => p.id),
        outcome,
      },
    }),
  );
}

const LIFT_DISCONNECT: PeerPatch = {
  disconnected: false,
  disconnectedUntil: null,
  disconnectReason: null,
  disconnectKind: 'admin',
};

/** The state of a peer just cut off: no session, no rates, its new facts. */
export function blocked(live: PeerState, admission: Admission): PeerState {
  return {
    ...live,
    admission,
    observed: { ...live.observed, sessionStartedAt: null, sessionRxStart: 0, sessionTxStart: 0 },
    rxRate: 0,
    txRate: 0,
  };
}

/** The log line of a cut: the session it ended (or none, when it was offline). */
export function cutEntry(
  live: PeerState,
  event: ConnectionEvent,
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

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
