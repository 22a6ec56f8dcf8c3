// Which sessions to cut when users are over their device limit. Pure: the
// monitor passes who is online, this decides, limit-enforce.ts carries it out.
import type { PeerId, UnixMs, UserId } from '../../store/types';

export interface LimitedUser {
  readonly id: UserId;
  readonly name: string;
  /** 0 = unlimited. */
  readonly maxDevices: number;
}

export interface OnlineDevice {
  // issue 14: a session of any protocol. peerId is null for a non-WireGuard one;
  // key names it (sessions.ts) and breaks ties between sessions without a peer.
  readonly peerId: PeerId | null;
  readonly key: string;
  readonly userId: UserId;
  readonly sessionStartedAt: UnixMs;
}

export interface Cut {
  readonly userId: UserId;
  readonly userName: string;
  /** The user's devices online when the limit was checked. */
  readonly online: number;
  readonly limit: number;
  // issue 14: null and `key` for a session of another protocol.
  readonly peerId: PeerId | null;
  readonly key: string;
}

/**
 * For every user over the limit, the oldest sessions (by when they started;
 * ties by peer id, so the answer is stable) until the user is within it.
 * A limit of 0 never cuts.
 */
export function selectCuts(users: readonly LimitedUser[], online: readonly OnlineDevice[]): Cut[] {
  const byUser = new Map<UserId, OnlineDevice[]>();
  for (const d of online) {
    const list = byUser.get(d.userId);
    if (list === undefined) byUser.set(d.userId, [d]);
    else list.push(d);
  }
  const cuts: Cut[] = [];
  for (const u of users) {
    const devices = byUser.get(u.id) ?? [];
    if (u.maxDevices <= 0 || devices.length <= u.maxDevices) continue;
    const oldestFirst = [...devices].sort(
      (a, b) => a.sessionStartedAt - b.sessionStartedAt || tieBreak(a, b),
    );
    for (const d of oldestFirst.slice(0, devices.length - u.maxDevices)) {
      cuts.push({
        userId: u.id,
        userName: u.name,
        online: devices.length,
        limit: u.maxDevices,
        peerId: d.peerId,
        key: d.key,
      });
    }
  }
  return cuts;
}

/** Same start: peers by id (as before issue 14), then keys with their numbers compared as numbers. */
function tieBreak(a: OnlineDevice, b: OnlineDevice): number {
  if (a.peerId !== null && b.peerId !== null) return a.peerId - b.peerId;
  return a.key.localeCompare(b.key, 'en', { numeric: true });
}

/** Devices online per user. */
export function countByUser(online: readonly OnlineDevice[]): Map<UserId, number> {
  const out = new Map<UserId, number>();
  for (const d of online) out.set(d.userId, (out.get(d.userId) ?? 0) + 1);
  return out;
}

/** A device cut for its user's limit, waiting for a slot. */
export interface Waiter {
  readonly peerId: PeerId;
  readonly userId: UserId | null;
  /** The earliest it may return: the cut plus the user's cool-down. */
  readonly since: UnixMs;
}

/**
 * Which waiting devices take a free slot now: per user, the longest waiting
 * first (ties by peer id), as many as the limit leaves room for next to the
 * devices that hold one. A device whose user has no limit any more (0, or no
 * user) returns at once. A cut device is never re-admitted just because time
 * passed: that is what made two devices of one user cut each other in turn.
 */
export function selectReturns(
  limits: ReadonlyMap<UserId, number>,
  occupied: ReadonlyMap<UserId, number>,
  waiters: readonly Waiter[],
  now: UnixMs,
): PeerId[] {
  const ready = waiters
    .filter((w) => w.since <= now)
    .sort((a, b) => a.since - b.since || a.peerId - b.peerId);
  const taken = new Map(occupied);
  const out: PeerId[] = [];
  for (const w of ready) {
    const limit = w.userId === null ? 0 : (limits.get(w.userId) ?? 0);
    if (limit > 0 && w.userId !== null) {
      const used = taken.get(w.userId) ?? 0;
      if (used >= limit) continue;
      taken.set(w.userId, used + 1);
    }
    out.push(w.peerId);
  }
  return out;
}
