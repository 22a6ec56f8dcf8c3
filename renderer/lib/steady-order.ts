// Rows that stay put: pure, tested in Node.

/**
 * `next`'s rows in the order they had in `prev`; rows that were not shown
 * before come after them, in `next`'s order. Used while the admin's pointer
 * or focus is in the table, so a live status change does not move a row
 * away from under the pointer. O(n).
 */
export function keepOrder<T extends { readonly id: number }>(
  prev: readonly T[],
  next: readonly T[],
): T[] {
  const byId = new Map<number, T>();
  for (const row of next) byId.set(row.id, row);
  const out: T[] = [];
  for (const row of prev) {
    const now = byId.get(row.id);
    if (now === undefined) continue;
    out.push(now);
    byId.delete(row.id);
  }
  for (const row of next) if (byId.has(row.id)) out.push(row);
  return out;
}
