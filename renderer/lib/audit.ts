// One value of the audit log's details for people: main stores free-form JSON
// (before and after of what changed, names, counts; never secrets). The words
// around it are log-words.ts's; the CSV keeps the JSON.

/** One value, short: lists joined, nothing as "—", nested objects as compact JSON. */
export function auditValue(v: unknown, none: string): string {
  if (v === null || v === undefined) return none;
  if (typeof v === 'string') return v === '' ? none : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? none : v.map((x) => auditValue(x, none)).join(', ');
  return JSON.stringify(v);
}
