// What OpenVPN sessions carried between two readings of `status 3`, for the
// identities' traffic history (issue 14). Pure.
import type { IdentityDelta, OpenVpnServerId } from '../../store';
import type { OpenVpnSession } from './watch';

/**
 * Bytes per identity since the last reading. A session seen before adds what
 * its counters moved. A new session adds all its bytes when it started while
 * wgdesk watched (`countNew`); on the first reading after the link came up it
 * adds nothing: its bytes so far may have been counted before the link went
 * down (or before wgdesk restarted), and a history that misses a few seconds
 * is better than one that counts a whole session twice. A session without an
 * identity (a username server, a client without one) has no history to go to.
 */
export function trafficDeltas(
  serverId: OpenVpnServerId,
  prev: ReadonlyMap<number, OpenVpnSession>,
  next: ReadonlyMap<number, OpenVpnSession>,
  countNew: boolean,
): IdentityDelta[] {
  const byIdentity = new Map<string, { rx: number; tx: number }>();
  for (const [clientId, s] of next) {
    if (s.identity === null) continue;
    const before = prev.get(clientId) ?? (countNew ? { rx: 0, tx: 0 } : s);
    const sum = byIdentity.get(s.identity) ?? { rx: 0, tx: 0 };
    // A counter that went down is another session under a reused client id.
    sum.rx += s.rx >= before.rx ? s.rx - before.rx : s.rx;
    sum.tx += s.tx >= before.tx ? s.tx - before.tx : s.tx;
    byIdentity.set(s.identity, sum);
  }
  return [...byIdentity]
    .filter(([, d]) => d.rx > 0 || d.tx > 0)
    .map(([identity, d]) => ({ serverId, identity, ...d }));
}
