// Revocation: permanent. The row stays for history, the kernel loses the peer,
// its config can no longer be shown, and its key is refused on that server
// forever after, whichever way it comes back (creation, paste, import, adopting
// drift): every one of those asks refuseRevoked().
import { AppError, conflict } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
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
    const at = new Date(r.revokedAt).toISOString();
    throw conflict(
      field,
      `${field}: ${key} (peer "${r.peerName}") was revoked on this server on ` +
        `${at} by ${r.revokedBy}; a revoked key cannot be added again`,
      problem('key_revoked', { key, peer: r.peerName, at, by: r.revokedBy }),
    );
  }
}

/** A revoked peer's config is not shown: the key it holds is refused for good. */
export function refuseRevokedConfig(peer: PeerRecord): void {
  if (peer.revokedAt === null) return;
  const at = new Date(peer.revokedAt).toISOString();
  const by = peer.revokedBy ?? 'an admin';
  throw new AppError(
    'Conflict',
    `peer ${peer.name} was revoked on ${at} by ${by}: its config is no longer available`,
    undefined,
    { problem: problem('config_revoked', { name: peer.name, at, by }) },
  );
}
