// Moving an access rule in the list: which priorities to write so the rules
// apply in the order the admin dropped them. Pure, tested in Node.

export interface Ranked {
  readonly id: number;
  readonly priority: number;
}

/** Apart by this much when the list is renumbered, so later moves usually touch one rule. */
export const PRIORITY_STEP = 10;

/**
 * The priority changes that put the rule at index `from` at index `to`
 * (rules listed in the order they apply). One change when a free number lies
 * between its new neighbours; otherwise every rule renumbered by tens, since
 * main orders equal priorities by id, which a move cannot change.
 */
export function reorder(rules: readonly Ranked[], from: number, to: number): Ranked[] {
  const moved = rules[from];
  if (moved === undefined || from === to || to < 0 || to >= rules.length) return [];
  const rest = rules.filter((_, i) => i !== from);
  const before = rest[to - 1];
  const after = rest[to];
  const one = between(before?.priority, after?.priority);
  if (one !== null) return [{ id: moved.id, priority: one }];
  const order = [...rest.slice(0, to), moved, ...rest.slice(to)];
  return order
    .map((r, i) => ({ id: r.id, priority: (i + 1) * PRIORITY_STEP }))
    .filter((r) => rules.find((x) => x.id === r.id)?.priority !== r.priority);
}

function between(low: number | undefined, high: number | undefined): number | null {
  if (low === undefined && high === undefined) return null;
  if (low === undefined) return (high ?? 0) - PRIORITY_STEP;
  if (high === undefined) return low + PRIORITY_STEP;
  return high - low > 1 ? Math.floor((low + high) / 2) : null;
}
