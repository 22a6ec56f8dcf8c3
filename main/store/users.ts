// People who own peers, with their device limit. The monitor counts a user's
// online peers against max_devices and cuts the oldest sessions when over it.
import { AppError } from '../../shared/errors';
import { fromBool, merge, rowId, toBool } from './codec';
import type { Db } from './db';
import { writing } from './errors';
import type { SpeedKbps } from '../../shared/validate';
import type { QuotaPeriod, UnixMs, UserId, UserQuotaHold } from './types';

export interface UserSettings {
  /** Unique; shown in lists and the logs. */
  readonly name: string;
  readonly email: string | null;
  /** Most devices online at once; 0 = unlimited. */
  readonly maxDevices: number;
  /** After a limit cut, seconds before the cut device may come back on its own. */
  readonly limitCooldownS: number;
  readonly enabled: boolean;
  /** Issue 12: bytes (rx + tx) the user's peers together may move per period; null = none. */
  readonly quotaBytes: number | null;
  readonly quotaPeriod: QuotaPeriod;
  readonly quotaResetDay: number;
  /** What a new peer of the user gets when its creator says nothing: expiry after that many days. */
  readonly peerExpiryDays: number | null;
  /** …and a quota of its own. */
  readonly peerQuotaBytes: number | null;
  readonly peerQuotaPeriod: QuotaPeriod;
  readonly peerQuotaResetDay: number;
  /** Speed limits (kbit/s) for each of the user's peers without its own; null = unlimited. */
  readonly bandwidthDownKbps: SpeedKbps | null;
  readonly bandwidthUpKbps: SpeedKbps | null;
}

/** Where the user's quota period stands (lifecycle/user-quota.ts keeps it). */
export interface UserQuotaUse {
  /** The period last accounted (its start), null before the first poll with a quota. */
  readonly periodStart: UnixMs | null;
  /** Bytes the user's peers moved in that period. */
  readonly used: number;
  readonly warned: 0 | 80 | 90;
}

export interface UserRecord extends UserSettings {
  readonly id: UserId;
  readonly quotaUse: UserQuotaUse;
  readonly quotaHold: UserQuotaHold | null;
  readonly createdAt: UnixMs;
  readonly updatedAt: UnixMs;
}

export type NewUser = Pick<UserSettings, 'name'> & Partial<UserSettings>;
export type UserPatch = Partial<UserSettings>;

/** The schema's defaults (001-initial), repeated so a record can be built without a read. */
export const USER_DEFAULTS: Omit<UserSettings, 'name'> = {
  email: null,
  maxDevices: 0,
  limitCooldownS: 600,
  enabled: true,
  quotaBytes: null,
  quotaPeriod: 'month',
  quotaResetDay: 1,
  peerExpiryDays: null,
  peerQuotaBytes: null,
  peerQuotaPeriod: 'month',
  peerQuotaResetDay: 1,
  bandwidthDownKbps: null,
  bandwidthUpKbps: null,
};

interface SettingsRow {
  id: number;
  name: string;
  email: string | null;
  max_devices: number;
  limit_cooldown_s: number;
  enabled: number;
  quota_bytes: number | null;
  quota_period: string;
  quota_reset_day: number;
  peer_expiry_days: number | null;
  peer_quota_bytes: number | null;
  peer_quota_period: string;
  peer_quota_reset_day: number;
  bandwidth_down_kbps: number | null;
  bandwidth_up_kbps: number | null;
  created_at: number;
  updated_at: number;
}

interface Row extends SettingsRow {
  quota_period_start: number | null;
  quota_used: number;
  quota_warned: number;
  quota_exceeded_at: number | null;
  quota_until: number | null;
}

type SettingsParams = Omit<SettingsRow, 'id' | 'created_at'>;

const COLUMNS = `id, name, email, max_devices, limit_cooldown_s, enabled, quota_bytes, quota_period,
  quota_reset_day, peer_expiry_days, peer_quota_bytes, peer_quota_period, peer_quota_reset_day,
  quota_period_start, quota_used, quota_warned, quota_exceeded_at, quota_until,
  bandwidth_down_kbps, bandwidth_up_kbps, created_at, updated_at`;
const SET = `name = @name, email = @email, max_devices = @max_devices,
  limit_cooldown_s = @limit_cooldown_s, enabled = @enabled, quota_bytes = @quota_bytes,
  quota_period = @quota_period, quota_reset_day = @quota_reset_day,
  peer_expiry_days = @peer_expiry_days, peer_quota_bytes = @peer_quota_bytes,
  peer_quota_period = @peer_quota_period, peer_quota_reset_day = @peer_quota_reset_day,
  bandwidth_down_kbps = @bandwidth_down_kbps, bandwidth_up_kbps = @bandwidth_up_kbps,
  updated_at = @updated_at`;

function statements(db: Db) {
  return {
    insert: db.prepare<SettingsParams>(
      `INSERT INTO users (name, email, max_devices, limit_cooldown_s, enabled, quota_bytes,
         quota_period, quota_reset_day, peer_expiry_days, peer_quota_bytes, peer_quota_period,
         peer_quota_reset_day, bandwidth_down_kbps, bandwidth_up_kbps, created_at, updated_at)
       VALUES (@name, @email, @max_devices, @limit_cooldown_s, @enabled, @quota_bytes,
         @quota_period, @quota_reset_day, @peer_expiry_days, @peer_quota_bytes,
         @peer_quota_period, @peer_quota_reset_day, @bandwidth_down_kbps, @bandwidth_up_kbps,
         @updated_at, @updated_at)`,
    ),
    getById: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM users WHERE id = ?`),
    list: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM users ORDER BY name COLLATE NOCASE, id`),
    limited: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM users WHERE max_devices > 0`),
    withQuota: db.prepare<[], Row>(
      `SELECT ${COLUMNS} FROM users WHERE quota_bytes IS NOT NULL OR quota_exceeded_at IS NOT NULL`,
    ),
    update: db.prepare<SettingsParams & { id: number }>(`UPDATE users SET ${SET} WHERE id = @id`),
    quotaUse: db.prepare<[number | null, number, number, number]>(
      `UPDATE users SET quota_period_start = ?, quota_used = ?, quota_warned = ? WHERE id = ?`,
    ),
    hold: db.prepare<[number | null, number | null, number]>(
      `UPDATE users SET quota_exceeded_at = ?, quota_until = ? WHERE id = ?`,
    ),
    delete: db.prepare<[number]>(`DELETE FROM users WHERE id = ?`),
    peerCounts: db.prepare<[], { user_id: number; n: number }>(
      `SELECT user_id, count(*) AS n FROM peers WHERE user_id IS NOT NULL GROUP BY user_id`,
    ),
  };
}

function params(s: UserSettings, now: number): SettingsParams {
  return {
    name: s.name,
    email: s.email,
    max_devices: s.maxDevices,
    limit_cooldown_s: s.limitCooldownS,
    enabled: fromBool(s.enabled),
    quota_bytes: s.quotaBytes,
    quota_period: s.quotaPeriod,
    quota_reset_day: s.quotaResetDay,
    peer_expiry_days: s.peerExpiryDays,
    peer_quota_bytes: s.peerQuotaBytes,
    peer_quota_period: s.peerQuotaPeriod,
    peer_quota_reset_day: s.peerQuotaResetDay,
    bandwidth_down_kbps: s.bandwidthDownKbps,
    bandwidth_up_kbps: s.bandwidthUpKbps,
    updated_at: now,
  };
}

function toRecord(r: Row): UserRecord {
  return {
    id: r.id as UserId,
    name: r.name,
    email: r.email,
    maxDevices: r.max_devices,
    limitCooldownS: r.limit_cooldown_s,
    enabled: toBool(r.enabled, 'users.enabled'),
    quotaBytes: r.quota_bytes,
    quotaPeriod: r.quota_period as QuotaPeriod,
    quotaResetDay: r.quota_reset_day,
    peerExpiryDays: r.peer_expiry_days,
    peerQuotaBytes: r.peer_quota_bytes,
    peerQuotaPeriod: r.peer_quota_period as QuotaPeriod,
    peerQuotaResetDay: r.peer_quota_reset_day,
    quotaUse: {
      periodStart: r.quota_period_start,
      used: r.quota_used,
      warned: r.quota_warned as UserQuotaUse['warned'],
    },
    quotaHold:
      r.quota_exceeded_at === null ? null : { at: r.quota_exceeded_at, until: r.quota_until },
    bandwidthDownKbps: r.bandwidth_down_kbps as SpeedKbps | null,
    bandwidthUpKbps: r.bandwidth_up_kbps as SpeedKbps | null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class UserRepo {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #stmt: ReturnType<typeof statements>;

  constructor(db: Db, now: () => number) {
    this.#db = db;
    this.#now = now;
    this.#stmt = statements(db);
  }

  insert(input: NewUser): UserRecord {
    const settings = merge<UserSettings>({ ...USER_DEFAULTS, name: input.name }, input);
    const result = writing(() => this.#stmt.insert.run(params(settings, this.#now())), {
      unique: duplicateName(settings.name),
    });
    return this.require(rowId(result.lastInsertRowid) as UserId);
  }

  getById(id: UserId): UserRecord | undefined {
    const row = this.#stmt.getById.get(id);
    return row && toRecord(row);
  }

  /** By name, case-insensitively. */
  list(): UserRecord[] {
    return this.#stmt.list.all().map(toRecord);
  }

  /** Users whose device limit is on (max_devices > 0). */
  listLimited(): UserRecord[] {
    return this.#stmt.limited.all().map(toRecord);
  }

  /** Users with a quota, or held out by one they no longer have. */
  listWithQuota(): UserRecord[] {
    return this.#stmt.withQuota.all().map(toRecord);
  }

  /** Where the user's quota period stands; run it inside the poll's transaction. */
  writeQuotaUse(id: UserId, use: UserQuotaUse): void {
    this.#stmt.quotaUse.run(use.periodStart, use.used, use.warned, id);
  }

  /** The quota ran out (or, null, holds the user's peers out no longer). */
  writeQuotaHold(id: UserId, hold: UserQuotaHold | null): void {
    this.#stmt.hold.run(hold?.at ?? null, hold?.until ?? null, id);
  }

  /** How many peers each user owns (users with none are absent). */
  peerCounts(): Map<UserId, number> {
    return new Map(this.#stmt.peerCounts.all().map((r) => [r.user_id as UserId, r.n]));
  }

  update(id: UserId, patch: UserPatch): UserRecord {
    const run = this.#db.transaction(() => {
      const before = this.require(id);
      const next = merge<UserSettings>(before, patch);
      writing(() => this.#stmt.update.run({ ...params(next, this.#now()), id }), {
        unique: duplicateName(next.name),
      });
      // A quota changed by an admin is a new decision: a cut made under the old one ends.
      if (!sameQuota(before, next)) this.writeQuotaHold(id, null);
      return this.require(id);
    });
    return run.immediate();
  }

  /** Deletes the user; their peers stay, owned by nobody (ON DELETE SET NULL). */
  delete(id: UserId): void {
    if (this.#stmt.delete.run(id).changes === 0) throw notFound(id);
  }

  require(id: UserId): UserRecord {
    const found = this.getById(id);
    if (!found) throw notFound(id);
    return found;
  }
}

function sameQuota(a: UserSettings, b: UserSettings): boolean {
  return (
    a.quotaBytes === b.quotaBytes &&
    a.quotaPeriod === b.quotaPeriod &&
    a.quotaResetDay === b.quotaResetDay
  );
}

function notFound(id: UserId): AppError {
  return new AppError('NotFound', `user ${id} does not exist`);
}

function duplicateName(name: string): string {
  return `a user named ${JSON.stringify(name)} already exists`;
}
