// People who own peers, with their device limit. The monitor counts a user's
// online peers against max_devices and cuts the oldest sessions when over it.
import { AppError } from '../../shared/errors';
import { fromBool, merge, rowId, toBool } from './codec';
import type { Db } from './db';
import { writing } from './errors';
import type { SpeedKbps } from '../../shared/validate';
import type { UnixMs, UserId } from './types';

export interface UserSettings {
  /** Unique; shown in lists and the logs. */
  readonly name: string;
  readonly email: string | null;
  /** Most devices online at once; 0 = unlimited. */
  readonly maxDevices: number;
  /** After a limit cut, seconds before the cut device may come back on its own. */
  readonly limitCooldownS: number;
  readonly enabled: boolean;
  /** Speed limits (kbit/s) for each of the user's peers without its own; null = unlimited. */
  readonly bandwidthDownKbps: SpeedKbps | null;
  readonly bandwidthUpKbps: SpeedKbps | null;
}

export interface UserRecord extends UserSettings {
  readonly id: UserId;
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
  bandwidthDownKbps: null,
  bandwidthUpKbps: null,
};

interface Row {
  id: number;
  name: string;
  email: string | null;
  max_devices: number;
  limit_cooldown_s: number;
  enabled: number;
  bandwidth_down_kbps: number | null;
  bandwidth_up_kbps: number | null;
  created_at: number;
  updated_at: number;
}

type SettingsParams = Omit<Row, 'id' | 'created_at'>;

const COLUMNS = `id, name, email, max_devices, limit_cooldown_s, enabled, bandwidth_down_kbps,
  bandwidth_up_kbps, created_at, updated_at`;

function statements(db: Db) {
  return {
    insert: db.prepare<SettingsParams>(
      `INSERT INTO users (name, email, max_devices, limit_cooldown_s, enabled,
         bandwidth_down_kbps, bandwidth_up_kbps, created_at, updated_at)
       VALUES (@name, @email, @max_devices, @limit_cooldown_s, @enabled,
         @bandwidth_down_kbps, @bandwidth_up_kbps, @updated_at, @updated_at)`,
    ),
    getById: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM users WHERE id = ?`),
    list: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM users ORDER BY name COLLATE NOCASE, id`),
    limited: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM users WHERE max_devices > 0`),
    update: db.prepare<SettingsParams & { id: number }>(
      `UPDATE users SET name = @name, email = @email, max_devices = @max_devices,
         limit_cooldown_s = @limit_cooldown_s, enabled = @enabled,
         bandwidth_down_kbps = @bandwidth_down_kbps, bandwidth_up_kbps = @bandwidth_up_kbps,
         updated_at = @updated_at
       WHERE id = @id`,
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

  /** How many peers each user owns (users with none are absent). */
  peerCounts(): Map<UserId, number> {
    return new Map(this.#stmt.peerCounts.all().map((r) => [r.user_id as UserId, r.n]));
  }

  update(id: UserId, patch: UserPatch): UserRecord {
    const run = this.#db.transaction(() => {
      const next = merge<UserSettings>(this.require(id), patch);
      writing(() => this.#stmt.update.run({ ...params(next, this.#now()), id }), {
        unique: duplicateName(next.name),
      });
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

function notFound(id: UserId): AppError {
  return new AppError('NotFound', `user ${id} does not exist`);
}

function duplicateName(name: string): string {
  return `a user named ${JSON.stringify(name)} already exists`;
}
