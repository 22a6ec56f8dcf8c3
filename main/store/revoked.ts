// Revoked keys, per server: once a peer's key is revoked it can never be added
// to that server again (creation, paste, import, adopting drift all ask here).
// Keyed by the server's public key, its identity, so the record outlives the
// peer's row and the server's row (deleted and imported again).
import type { WgKey } from '../../shared/validate/index';
import type { Db } from './db';
import type { UnixMs } from './types';

export interface RevokedKey {
  readonly serverKey: WgKey;
  readonly publicKey: WgKey;
  readonly revokedAt: UnixMs;
  readonly revokedBy: string;
  readonly peerName: string;
}

interface Row {
  server_key: string;
  public_key: string;
  revoked_at: number;
  revoked_by: string;
  peer_name: string;
}

export class RevokedKeyRepo {
  readonly #add;
  readonly #find;

  constructor(db: Db) {
    // OR IGNORE: revoking twice keeps the first record, which says when it really happened.
    this.#add = db.prepare<Row>(
      `INSERT OR IGNORE INTO revoked_keys (server_key, public_key, revoked_at, revoked_by, peer_name)
       VALUES (@server_key, @public_key, @revoked_at, @revoked_by, @peer_name)`,
    );
    this.#find = db.prepare<[string, string], Row>(
      `SELECT server_key, public_key, revoked_at, revoked_by, peer_name FROM revoked_keys
       WHERE server_key = ? AND public_key = ?`,
    );
  }

  add(r: RevokedKey): void {
    this.#add.run({
      server_key: r.serverKey,
      public_key: r.publicKey,
      revoked_at: r.revokedAt,
      revoked_by: r.revokedBy,
      peer_name: r.peerName,
    });
  }

  find(serverKey: WgKey, publicKey: WgKey): RevokedKey | undefined {
    const r = this.#find.get(serverKey, publicKey);
    return (
      r && {
        serverKey: r.server_key as WgKey,
        publicKey: r.public_key as WgKey,
        revokedAt: r.revoked_at,
        revokedBy: r.revoked_by,
        peerName: r.peer_name,
      }
    );
  }
}
