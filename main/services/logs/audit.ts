import type { AuditAction } from '../../../shared/audit-actions';
import { AppError } from '../../../shared/errors';
import type { AuditValue, InterfaceRecord, PeerRecord, Store } from '../../store';
import type { Caller } from '../context';

type Details = { readonly [k: string]: AuditValue };

// What the audit log keeps of an object: enough to see what changed, never a
// secret (only whether one is kept). The store refuses secret-looking keys too.

export function peerSummary(p: PeerRecord): Details {
  return {
    name: p.name,
    publicKey: p.publicKey,
    type: p.type,
    email: p.email,
    userId: p.userId,
    addresses: [...p.addresses],
    extraNetworks: [...p.extraNetworks],
    tunnelMode: p.tunnelMode,
    splitNetworks: [...p.splitNetworks],
    keepalive: p.keepalive,
    endpoint: p.endpoint,
    enabled: p.enabled,
    hasPrivateKey: p.hasPrivateKey,
    hasPresharedKey: p.hasPresharedKey,
    // Lifecycle (issue 12): so an extended expiry or a changed quota shows in the diff.
    expiresAt: p.expiresAt,
    quotaBytes: p.quotaBytes,
    quotaPeriod: p.quotaPeriod,
    quotaResetDay: p.quotaResetDay,
    revokedAt: p.revokedAt,
    // Speed limits (issue 12): a changed limit shows in the diff.
    bandwidthDownKbps: p.bandwidthDownKbps,
    bandwidthUpKbps: p.bandwidthUpKbps,
  };
}

export function interfaceSummary(i: InterfaceRecord): Details {
  return {
    name: i.name,
    publicKey: i.publicKey,
    listenPort: i.listenPort,
    ipv4Address: i.ipv4Address,
    ipv6Address: i.ipv6Address,
    dns: [...i.dns],
    mtu: i.mtu,
    publicEndpoint: i.publicEndpoint,
    enabled: i.enabled,
  };
}

/** Only the fields that changed, before and after. */
export function diffDetails(before: Details, after: Details): Details {
  const b: Record<string, AuditValue> = {};
  const a: Record<string, AuditValue> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  }
  return { before: b, after: a };
}

export interface AuditTarget {
  readonly type: 'interface' | 'peer';
  readonly id: number | null;
}

/** One audit entry; call inside the transaction that makes the change, so both or neither land. */
export function audit(
  store: Store,
  caller: Caller,
  action: AuditAction,
  target: AuditTarget,
  details: Details = {},
): void {
  store.audit.append({
    actor: caller.actor,
    action,
    targetType: target.type,
    targetId: target.id,
    details,
  });
}

export function interfaceTarget(r: { readonly id: number }): AuditTarget {
  return { type: 'interface', id: r.id };
}

export function peerTarget(r: { readonly id: number }): AuditTarget {
  return { type: 'peer', id: r.id };
}

/** An error as audit details: its kind and message (messages never carry secrets). */
export function reason(e: unknown): { error: string } {
  return { error: e instanceof AppError ? `${e.kind}: ${e.message}` : String(e) };
}
