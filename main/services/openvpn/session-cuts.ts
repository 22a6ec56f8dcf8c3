// OpenVPN sessions cut by the device limit (the service's watches, found by
// session key) and the audit entry every ended session leaves.
import type { AuditAction } from '../../../shared/audit-actions';
import { AppError } from '../../../shared/errors';
import { encodeReason } from '../../../shared/reason';
import type { OpenVpnServerId, UnixMs, UserId } from '../../store';
import type { Cut } from '../access/select-cuts';
import type { ServiceContext } from '../context';
import type { OpenVpnSession, ServerWatch } from './watch';

export async function cutSessions(
  ctx: ServiceContext,
  watches: ReadonlyMap<OpenVpnServerId, ServerWatch>,
  cuts: readonly Cut[],
  cooldownS: (u: UserId) => number,
  actor: string,
): Promise<void> {
  const failures: AppError[] = [];
  for (const c of cuts) {
    const found = byKey(watches, c.key);
    if (found === undefined) continue; // gone since it was counted
    const [w, s] = found;
    // Which session was cut (c.key) is in the audit entry below.
    const detail = encodeReason({
      code: 'over_limit',
      user: c.userName,
      online: c.online,
      limit: c.limit,
    });
    try {
      await w.kill(s.clientId, 'limit_disconnect', detail);
    } catch (e) {
      failures.push(e instanceof AppError ? e : new AppError('CommandFailed', String(e)));
      continue;
    }
    const until: UnixMs = ctx.now() + cooldownS(c.userId) * 1000;
    ctx.store.transaction(() => {
      if (s.identity !== null) ctx.store.openvpn.hold(w.server.id, s.identity, until, detail);
      auditSession(ctx, actor, 'openvpn.limit_disconnect', w.server.id, s, {
        userId: c.userId,
        userName: c.userName,
        online: c.online,
        limit: c.limit,
        cooldownS: cooldownS(c.userId),
      });
    });
  }
  const first = failures[0];
  if (first !== undefined) throw first;
}

function byKey(
  watches: ReadonlyMap<OpenVpnServerId, ServerWatch>,
  key: string,
): [ServerWatch, OpenVpnSession] | undefined {
  for (const w of watches.values()) {
    const s = w.sessions().find((x) => x.key === key);
    if (s !== undefined) return [w, s];
  }
  return undefined;
}

export function auditSession(
  ctx: ServiceContext,
  actor: string,
  action: AuditAction,
  id: OpenVpnServerId,
  s: OpenVpnSession,
  more: Record<string, string | number | null>,
): void {
  ctx.store.audit.append({
    actor,
    action,
    targetType: 'openvpn_server',
    targetId: id,
    details: { identity: s.identity, clientId: s.clientId, key: s.key, ...more },
  });
}
