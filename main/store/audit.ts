import { AppError } from '../../shared/errors';
import { pageLimit, rowId } from './codec';
import type { Db } from './db';
import type { AuditEntry, AuditFilter, AuditValue, NewAuditEntry } from './types';

interface Row {
  id: number;
  at: number;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string;
}

interface FilterParams {
  since: number | null;
  until: number | null;
  actor: string | null;
  action: string | null;
  target_type: string | null;
  target_id: string | null;
  before_id: number | null;
  limit: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

// A detail whose name says "secret" and that holds text is refused outright: the
// audit log is shown and exported freely, so a key written there by mistake
// would leak for good.
const SECRET_NAME = /private|preshared|psk|secret|password|passphrase|token/i;

function statements(db: Db) {
  return {
    append: db.prepare<Omit<Row, 'id'>>(
      `INSERT INTO audit_log (at, actor, action, target_type, target_id, details)
       VALUES (@at, @actor, @action, @target_type, @target_id, @details)`,
    ),
    // One statement for every filter combination: a NULL parameter switches its
    // condition off. Newest first by id, which is insertion order even if the
    // clock steps back.
    list: db.prepare<FilterParams, Row>(
      `SELECT id, at, actor, action, target_type, target_id, details FROM audit_log
       WHERE (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
         AND (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action = @action)
         AND (@target_type IS NULL OR target_type = @target_type)
         AND (@target_id IS NULL OR target_id = @target_id)
         AND (@before_id IS NULL OR id < @before_id)
       ORDER BY id DESC LIMIT @limit`,
    ),
  };
}

/** Who did what to which object, append-only. */
export class AuditRepo {
  readonly #now: () => number;
  readonly #stmt: ReturnType<typeof statements>;

  constructor(db: Db, now: () => number) {
    this.#now = now;
    this.#stmt = statements(db);
  }

  /** Appends an entry and returns its id. */
  append(entry: NewAuditEntry): number {
    const details = entry.details ?? {};
    refuseSecrets(details, 'details');
    const result = this.#stmt.append.run({
      at: this.#now(),
      actor: entry.actor,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id:
        entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      details: JSON.stringify(details),
    });
    return rowId(result.lastInsertRowid);
  }

  list(filter: AuditFilter = {}): AuditEntry[] {
    const limit = pageLimit(filter.limit, DEFAULT_LIMIT, MAX_LIMIT);
    const rows = this.#stmt.list.all({
      since: filter.since ?? null,
      until: filter.until ?? null,
      actor: filter.actor ?? null,
      action: filter.action ?? null,
      target_type: filter.targetType ?? null,
      target_id: filter.targetId === undefined ? null : String(filter.targetId),
      before_id: filter.beforeId ?? null,
      limit,
    });
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: JSON.parse(r.details) as AuditEntry['details'],
    }));
  }
}

function refuseSecrets(value: AuditValue, path: string): void {
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    // A flag or a count under such a name ({ hasPresharedKey: true }) says nothing secret.
    const harmless = v === null || typeof v === 'boolean' || typeof v === 'number';
    if (!Array.isArray(value) && SECRET_NAME.test(k) && !harmless) {
      throw new AppError(
        'Internal',
        `audit ${path}.${k} looks like a secret; secrets are never logged`,
      );
    }
    refuseSecrets(v, `${path}.${k}`);
  }
}
