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

// The rows of revision_settings and revision_peers (and the same images read from the live rows).
export interface SettingsRow {
  revision_id: number | null;
  image: string;
  public_key: string;
  host_id: number;
  name: string;
  private_key_sealed: Buffer;
}

export interface PeerRow {
  revision_id: number | null;
  peer_id: number;
  public_key: string | null;
  image: string | null;
  private_key_sealed: Buffer | null;
  preshared_key_sealed: Buffer | null;
}

export function settingsOf(r: SettingsRow): SettingsImage {
  return {
    image: r.image,
    publicKey: r.public_key as WgKey,
    hostId: r.host_id as HostId,
    name: r.name as InterfaceName,
    privateKeySealed: r.private_key_sealed,
  };
}

export function peerOf(r: PeerRow): PeerImage | null {
  if (r.image === null || r.public_key === null) return null;
  return {
    peerId: r.peer_id,
    publicKey: r.public_key as WgKey,
    image: r.image,
    privateKeySealed: r.private_key_sealed,
    presharedKeySealed: r.preshared_key_sealed,
  };
}
