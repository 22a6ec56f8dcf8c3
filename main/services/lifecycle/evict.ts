// Taking peers out of the kernel because the one rule (access/why-out.ts) says
// they must not be there: expired, revoked, over quota, their user switched
// off — or put back by somebody else while disconnected. Nothing about the
// peer is written here (the facts that put it out are already stored); the
// session it ended is logged with the reason, the kernel step goes through the
// pipeline, and the UI hears of it. Callers hold change() for the interfaces.
import type { PeerStats } from '../../../shared/contract';
import { encodeReason, type Reason } from '../../../shared/reason';
import type { WgKey } from '../../../shared/validate';
import type { InterfaceId, NewConnectionEntry, PeerRecord, UnixMs, UserRepo } from '../../store';
import { blocked, cutEntry, flush, push } from '../access/gate';
import { eachInterface, settle } from '../access/kernel-steps';
import { admissionOfRecord, LEAVE_EVENT, whyOut, type Out } from '../access/why-out';
import type { MonitorCore } from '../monitor/core';
import { isOnline } from '../monitor/state';

/** Removes these peers from the kernel; each must be out by the rule at `now` (others are left). */
export async function evict(
  core: MonitorCore,
  peers: readonly PeerRecord[],
  actor: string,
): Promise<PeerStats[]> {
  const { table, ctx, writer } = core;
  const at = ctx.now();
  const out: PeerRecord[] = [];
  const entries: NewConnectionEntry[] = [];
  const removals = new Map<InterfaceId, WgKey[]>();
  core.save(() => {
    for (const p of peers) {
      const why = whyOut(admissionOfRecord(p), at);
      if (why === null) continue;
      out.push(p);
      push(removals, p.interfaceId, p.publicKey);
      const live = table.get(p.id);
      if (live === undefined) continue;
      const event = leaveEvent(why);
      // Logged when it ends a session or takes the peer from the kernel: not when
      // somebody put back a peer that was already out for this reason.
      if (event !== null && (isOnline(live) || live.inKernel)) {
        const reason = describe(p, why, at, ctx.store.users);
        entries.push(cutEntry(live, event, at, encodeReason(reason)));
        ctx.store.audit.append({
          actor,
          action: `peer.${why.reason}`,
          targetType: 'peer',
          targetId: p.id,
          details: { name: p.name, interfaceId: p.interfaceId, reason },
        });
      }
      const next = blocked(live, admissionOfRecord(p));
      writer.write([next]);
      table.set(next);
    }
    ctx.store.connections.append(entries);
  });
  if (out.length === 0) return [];
  const steps = await eachInterface(core, removals, (iface, keys) =>
    ctx.kernel.removePeers(iface, keys),
  );
  core.background(() => flush(core, { peers: out, actor }));
  return settle(core, out, steps, true);
}

function leaveEvent(why: Out): NewConnectionEntry['event'] | null {
  switch (why.reason) {
    case 'expired':
    case 'revoked':
    case 'quota':
    case 'user_disabled':
      return LEAVE_EVENT[why.reason];
    default:
      return null;
  }
}

/** Why the peer left, as the code the window words (shared/reason.ts). */
export function describe(p: PeerRecord, why: Out, at: UnixMs, users: UserRepo): Reason {
  switch (why.reason) {
    case 'expired':
      return { code: 'expired', at: p.expiresAt ?? 0 };
    case 'revoked':
      return { code: 'revoked', by: p.revokedBy ?? '' };
    case 'quota':
      return quotaReason(p, why, at, users);
    case 'user_disabled':
      return { code: 'user_disabled' };
    default:
      return { code: 'not_allowed' };
  }
}

/** The quota that holds the peer out: its own first (the rule asks it first), else its user's. */
function quotaReason(p: PeerRecord, why: Out, at: UnixMs, users: UserRepo): Reason {
  const own = whyOut({ ...admissionOfRecord(p), userQuotaHold: null }, at)?.reason === 'quota';
  const user = own || p.userId === null ? undefined : users.getById(p.userId);
  if (user === undefined) {
    const { quotaBytes, quotaPeriod } = p;
    return {
      code: 'quota',
      bytes: quotaBytes ?? 0,
      period: quotaPeriod,
      until: why.until,
      user: null,
    };
  }
  return {
    code: 'quota',
    bytes: user.quotaBytes ?? 0,
    period: user.quotaPeriod,
    until: why.until,
    user: user.name,
  };
}
