import { sql as initial } from './001-initial';
import { sql as monitor } from './002-monitor';
import { sql as revisions } from './005-revisions';

/**
 * One step of the schema. `version` is what PRAGMA user_version holds once the
 * step has run; versions start at 1 and go up by one, in list order.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Every migration this build knows, oldest first. Append only: a released
 * migration is never edited, because databases in the field already ran it.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001-initial', sql: initial },
  { version: 2, name: '002-monitor', sql: monitor },
  // 005 runs third on this branch; it becomes version 5 once 003 and 004 are in.
  { version: 3, name: '005-revisions', sql: revisions },
];
