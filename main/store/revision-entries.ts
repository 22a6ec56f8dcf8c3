// A revision as lists show it, and its row in the revisions table.
import type { InterfaceId } from './types';

/**
 * One thing a revision did, from its audit entry: the action and what it was
 * about, by name when the entry named it, so the window can say it as a
 * sentence in the admin's language (issue 15, point 4).
 */
export interface RevisionAction {
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly name: string | null;
}

/** One revision as lists show it: who, when, what. */
export interface RevisionEntry {
  readonly id: number;
  readonly interfaceId: InterfaceId;
  readonly createdAt: number;
  readonly actor: string;
  readonly actions: RevisionAction[];
  readonly peers: number;
}

export interface EntryRow {
  id: number;
  interface_id: number;
  created_at: number;
  actor: string;
  actions: string;
  peers: number;
}

/** Revisions written before issue 15 kept the action only. */
const actionOf = (a: string | RevisionAction): RevisionAction =>
  typeof a === 'string' ? { action: a, targetType: null, targetId: null, name: null } : a;

export function toEntry(r: EntryRow): RevisionEntry {
  return {
    id: r.id,
    interfaceId: r.interface_id as InterfaceId,
    createdAt: r.created_at,
    actor: r.actor,
    actions: (JSON.parse(r.actions) as (string | RevisionAction)[]).map(actionOf),
    peers: r.peers,
  };
}
