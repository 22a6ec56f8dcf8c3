// Column encodings shared by the repositories: 0/1 booleans, JSON-array lists,
// and merging partial updates. A value that does not decode means the file was
// edited behind our back or a bug wrote it; either way, an Internal error that
// names the column (never its content, which may be anything).
import { AppError } from '../../shared/errors';

export function fromBool(b: boolean): 0 | 1 {
  return b ? 1 : 0;
}

export function toBool(n: number, column: string): boolean {
  if (n === 0 || n === 1) return n === 1;
  throw new AppError('Internal', `column ${column} holds ${n}, expected 0 or 1`);
}

export function fromList(items: readonly string[]): string {
  return JSON.stringify(items);
}

/** A JSON array of strings, cast to the brand that was validated before it was written. */
export function toList<T extends string>(text: string, column: string): T[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('Internal', `column ${column} does not hold valid JSON`);
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
    throw new AppError('Internal', `column ${column} does not hold a JSON array of strings`);
  }
  return parsed as T[];
}

/** SQLite hands back INTEGER PRIMARY KEYs as numbers unless safeIntegers is on. */
export function rowId(id: number | bigint): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new AppError('Internal', `row id ${id} is out of range`);
  return n;
}

/**
 * `{...current, ...patch}` that ignores keys whose value is undefined, so a
 * caller outside strict TypeScript cannot null a column by passing undefined.
 */
export function merge<T extends object>(current: T, patch: Partial<T>): T {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined) Object.assign(out, { [k]: v });
  }
  return out;
}

/** A list query's page size: `given`, or `fallback`, refused outside 1..max. */
export function pageLimit(given: number | undefined, fallback: number, max: number): number {
  const limit = given ?? fallback;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) {
    throw new AppError('InvalidInput', `limit must be a whole number from 1 to ${max}`, 'limit');
  }
  return limit;
}
