import { sql as initial } from './001-initial';
import { sql as monitor } from './002-monitor';
import { sql as network } from './003-network';
import { sql as lifecycle } from './004-lifecycle';
import { sql as revisions } from './005-revisions';
import { sql as openvpn } from './006-openvpn';
import { sql as openvpnHistory } from './007-openvpn-history';
import { sql as revisionLifecycle } from './008-revision-lifecycle';
import { sql as userLifecycle } from './009-user-lifecycle';
import { sql as speedLimits } from './010-speed-limits';

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
  // Forwarding, NAT, routes, access rules and isolation (issue 11).
  { version: 3, name: '003-network', sql: network },
  // Lifecycle: quotas, expiry, revocation, why a peer is out (issue 12).
  { version: 4, name: '004-lifecycle', sql: lifecycle },
  // Each server's history: revisions of its settings and peers (issue 13).
  { version: 5, name: '005-revisions', sql: revisions },
  // OpenVPN servers, identities and their sessions' log (issue 14).
  { version: 6, name: '006-openvpn', sql: openvpn },
  // OpenVPN sessions' traffic history (issue 14).
  { version: 7, name: '007-openvpn-history', sql: openvpnHistory },
  // A peer's quota and revoker in its revision images (issue 13).
  { version: 8, name: '008-revision-lifecycle', sql: revisionLifecycle },
  // Quotas per user and defaults for a user's new peers (issue 12).
  { version: 9, name: '009-user-lifecycle', sql: userLifecycle },
  // Speed limits per peer and per user (issue 12, point 5).
  { version: 10, name: '010-speed-limits', sql: speedLimits },
];
