// Associated data for sealed secrets: the natural identity of the row and the
// column, all known before the row is inserted (so no insert-then-update to
// learn an id). A blob moved to another row or column then fails to open.
// Changing any part (renaming an interface, rotating a peer's public key) means
// re-sealing, which the repositories do in the same transaction.
import type { InterfaceName, WgKey } from '../../shared/validate/index';
import type { HostId, InterfaceId } from './types';

export function interfacePrivateKeyAad(hostId: HostId, name: InterfaceName): string {
  return `interface:${hostId}:${name}:private_key`;
}

export function peerSecretAad(
  interfaceId: InterfaceId,
  publicKey: WgKey,
  column: 'private_key' | 'preshared_key',
): string {
  return `peer:${interfaceId}:${publicKey}:${column}`;
}

/** An OpenVPN server's management password (issue 14). */
export function openvpnPasswordAad(hostId: HostId, name: string): string {
  return `openvpn:${hostId}:${name}:password`;
}
