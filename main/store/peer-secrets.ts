// A peer's private key and PSK sealed at rest, each bound (aad.ts) to its
// interface, public key and column.
import type { WgKey } from '../../shared/validate/index';
import { peerSecretAad } from './aad';
import type { Sealed } from './peer-rows';
import { open, seal, type DataKey } from './seal';
import type { InterfaceId, PeerKeys } from './types';

export function sealSecrets(
  key: DataKey,
  interfaceId: InterfaceId,
  keys: PeerKeys,
): Omit<Sealed, 'interface_id' | 'public_key'> {
  const sealIf = (k: WgKey | null, column: 'private_key' | 'preshared_key'): Buffer | null =>
    k === null ? null : seal(key, peerSecretAad(interfaceId, keys.publicKey, column), k);
  return {
    private_key_sealed: sealIf(keys.privateKey, 'private_key'),
    preshared_key_sealed: sealIf(keys.presharedKey, 'preshared_key'),
  };
}

/** The row's secret in `column` in clear, or null if none is kept. */
export function openSecret(
  key: DataKey,
  row: Sealed,
  column: 'private_key' | 'preshared_key',
): WgKey | null {
  const blob = column === 'private_key' ? row.private_key_sealed : row.preshared_key_sealed;
  if (blob === null) return null;
  const aad = peerSecretAad(row.interface_id as InterfaceId, row.public_key as WgKey, column);
  return open(key, aad, blob) as WgKey;
}
