// A server's state as revisions keep it: JSON images of the admin settings
// and the sealed secrets as the rows' own blobs (never opened to compare or
// record). Read back by the revisions service to walk deltas (delta.ts).
import type { InterfaceName, WgKey } from '../../shared/validate/index';
import type { HostId } from './types';

/** A server's settings and key; host and name are the AAD of the sealed key. */
export interface SettingsImage {
  /** JSON of InterfaceSettings without name and enabled (migrations/005). */
  readonly image: string;
  readonly publicKey: WgKey;
  readonly hostId: HostId;
  readonly name: InterfaceName;
  readonly privateKeySealed: Buffer;
}

/** One peer; its secrets' AAD is the server's id and this public key. */
export interface PeerImage {
  readonly peerId: number;
  readonly publicKey: WgKey;
  /** JSON of PeerSettings without the runtime columns (migrations/005). */
  readonly image: string;
  readonly privateKeySealed: Buffer | null;
  readonly presharedKeySealed: Buffer | null;
}

export interface ServerState {
  readonly settings: SettingsImage;
  /** By peer id. */
  readonly peers: ReadonlyMap<number, PeerImage>;
}

/** What one change found before it touched the rows: put back, it undoes the change. */
export interface Delta {
  /** Null: pending, the change in progress (or one outside the pipeline) not yet recorded. */
  readonly revisionId: number | null;
  /** Null: the settings and key were left as they were. */
  readonly settings: SettingsImage | null;
  /** `before` null: the change added this peer. */
  readonly peers: readonly { readonly peerId: number; readonly before: PeerImage | null }[];
}

export function sameBlob(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** Same settings, same peer: the JSON images are built by one SQL expression each. */
export function samePeer(a: PeerImage, b: PeerImage): boolean {
  return (
    a.image === b.image &&
    a.publicKey === b.publicKey &&
    sameBlob(a.privateKeySealed, b.privateKeySealed) &&
    sameBlob(a.presharedKeySealed, b.presharedKeySealed)
  );
}
