// The audit log's details for people: main stores free-form JSON (before and
// after of what changed, names, counts; never secrets). The table shows it as
// "key: value" pairs and a change as "old → new"; the CSV keeps the JSON.

type Details = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Details {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One value, short: lists joined, nothing as "—", nested objects as compact JSON. */
export function auditValue(v: unknown, none: string): string {
  if (v === null || v === undefined) return none;
  if (typeof v === 'string') return v === '' ? none : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? none : v.map((x) => auditValue(x, none)).join(', ');
  return JSON.stringify(v);
}

/**
 * The details as readable pairs. `name` is left out (the object column shows
 * it); `before`/`after` become one "key: old → new" pair per changed key.
 */
export function auditPairs(details: Details, none: string): string[] {
  const pairs: string[] = [];
  const { before, after } = details;
  if (isRecord(before) && isRecord(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      pairs.push(`${k}: ${auditValue(before[k], none)} → ${auditValue(after[k], none)}`);
    }
  }
  for (const [k, v] of Object.entries(details)) {
    if (k === 'name' || ((k === 'before' || k === 'after') && pairs.length > 0)) continue;
    pairs.push(`${k}: ${auditValue(v, none)}`);
  }
  return pairs;
}

/** "peer 4 · carla-tablet": the object and, when the details name it, its name. */
export function auditTarget(targetType: string, targetId: string | null, details: Details): string {
  const id = targetId === null ? targetType : `${targetType} ${targetId}`;
  return typeof details['name'] === 'string' ? `${id} · ${details['name']}` : id;
}
