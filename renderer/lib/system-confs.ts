import type { SystemConfView } from '../../shared/contract';

/**
 * What the import dialog says of one file in /etc/wireguard: why it cannot be
 * imported (main would refuse it), or that it can, and whether the interface
 * it describes is running already (then it is adopted without a restart).
 */
export type SystemConfStatus =
  | { readonly kind: 'managed' }
  | { readonly kind: 'problem'; readonly problem: string }
  | { readonly kind: 'importable'; readonly running: boolean };

export function systemConfStatus(c: SystemConfView): SystemConfStatus {
  // Managed first: a managed file's name is taken, whatever else is wrong with it.
  if (c.managed) return { kind: 'managed' };
  if (c.problem !== null) return { kind: 'problem', problem: c.problem };
  return { kind: 'importable', running: c.running };
}

/** Of the names that can be imported (files or running interfaces): the chosen one, else the only one. */
export function preselectName(importable: readonly string[], chosen: string): string {
  if (importable.includes(chosen)) return chosen;
  return importable.length === 1 ? (importable[0] ?? '') : '';
}
