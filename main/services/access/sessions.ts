// One session of a user's device, whatever its protocol, as device limits
// count it (issue 14). WireGuard sessions are the monitor's online peers;
// other protocols plug in as a SessionSource that lists its live sessions and
// cuts them its own way (OpenVPN: client-kill on the management interface).
// The limit counts them all, and cuts the oldest whatever its protocol.
import type { UnixMs, UserId } from '../../store/types';
import type { Cut } from './select-cuts';

export type { Protocol } from '../../../shared/domain';

/** A session counted against its user's limit. */
export interface LiveSession {
  /** `wg:{public_key}` or `ovpn:{server}:{client_id}:{identity}`: unique among live sessions. */
  readonly key: string;
  readonly userId: UserId;
  readonly startedAt: UnixMs;
}

/** Sessions that are not WireGuard peers. */
export interface SessionSource {
  /** Live sessions of users, not counting those held out by a cool-down. */
  online(now: UnixMs): LiveSession[];
  /**
   * Ends the sessions of these cuts (all of them this source's), holds each
   * device out until its user's cool-down has passed, and logs who went over,
   * by how much and which session was cut.
   */
  cut(cuts: readonly Cut[], cooldownS: (userId: UserId) => number, actor: string): Promise<void>;
  /** Whether a session key is one of this source's. */
  owns(key: string): boolean;
}

export function wireguardKey(publicKey: string): string {
  return `wg:${publicKey}`;
}

export function openvpnKey(serverId: number, clientId: number, identity: string): string {
  return `ovpn:${serverId}:${clientId}:${identity}`;
}
