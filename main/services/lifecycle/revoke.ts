// Revocation: permanent. The row stays for history, the kernel loses the peer,
// its config can no longer be shown, and its key is refused on that server
// forever after, whichever way it comes back (creation, paste, import, adopting
// drift): every one of those asks refuseRevoked().
import { AppError } from '../../../shared/errors';
import type { WgKey } from '../../../shared/validate';
import type { PeerRecord, Store } from '../../store';

/** Conflict naming when and by whom, if one of these keys was revoked on the server with `serverKey`. */
export function refuseRevoked(
  store: Store,
  serverKey: WgKey,
  keys: readonly WgKey[],
  field: string,
): void {
  for (const key of keys) {
    const r = store.revoked.find(serverKey, key);
    if (r === undefined) continue;
    throw new AppError(
      'Conflict',
      `${field}: ${key} (peer "${r.peerName}") was revoked on this server on ` +
        `${new Date(r.revokedAt).toISOString()} by ${r.revokedBy}; a revoked key cannot be added again`,
      field,
    );
  }
}

/** A revoked peer's config is not shown: the key it holds is refused for good. */
export function refuseRevokedConfig(peer: PeerRecord): void {
  if (peer.revokedAt === null) return;
  throw new AppError(
    'Conflict',
    `peer ${peer.name} was revoked on ${new Date(peer.revokedAt).toISOString()} by ` +
      `${peer.revokedBy ?? 'an admin'}: its config is no longer available`,
  );
}
