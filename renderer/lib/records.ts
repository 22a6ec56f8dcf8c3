/** A copy of a record without some keys (the store never mutates what it has handed out). */
export function omitKeys<V>(
  record: Readonly<Record<string, V>>,
  keys: Iterable<string | number>,
): Record<string, V> {
  const drop = new Set([...keys].map(String));
  return Object.fromEntries(Object.entries(record).filter(([k]) => !drop.has(k)));
}
