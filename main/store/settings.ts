import { AppError } from '../../shared/errors';
import type { Db } from './db';

/**
 * Every app-wide switch, by its key in the `settings` table, with the value it
 * has when no row says otherwise. Migration 001 seeds 'hooks.enabled'; a row
 * that went missing reads as the default, which for hooks is off.
 */
export const FLAG_DEFAULTS = {
  /** Run interfaces' PreUp/PostUp/PreDown/PostDown commands (as root). */
  'hooks.enabled': false,
} as const satisfies Record<string, boolean>;

export type FlagKey = keyof typeof FLAG_DEFAULTS;

interface Row {
  value: string;
}

function statements(db: Db) {
  return {
    get: db.prepare<{ key: string }, Row>('SELECT value FROM settings WHERE key = @key'),
    put: db.prepare<{ key: string; value: string }>(
      `INSERT INTO settings (key, value) VALUES (@key, @value)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  };
}

/** App settings: one JSON value per key. Only the keys above can be read or written. */
export class SettingsRepo {
  readonly #stmt: ReturnType<typeof statements>;

  constructor(db: Db) {
    this.#stmt = statements(db);
  }

  flag(key: FlagKey): boolean {
    const row = this.#stmt.get.get({ key });
    if (row === undefined) return FLAG_DEFAULTS[key];
    const value: unknown = JSON.parse(row.value);
    if (typeof value !== 'boolean') {
      // Edited behind our back, or a bug wrote it: say so rather than guess a switch's state.
      throw new AppError('Internal', `setting ${key} does not hold true or false`);
    }
    return value;
  }

  setFlag(key: FlagKey, value: boolean): void {
    this.#stmt.put.run({ key, value: JSON.stringify(value) });
  }
}
