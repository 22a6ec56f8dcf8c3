import { AppError } from '../../../shared/errors';
import type { InterfaceName, WgKey } from '../../../shared/validate';
import type { Host } from '../../host/host';

/**
 * The secrets a running interface holds: what adopting it needs and what
 * `wg show … dump` output loses on its way through Host.readDump (by design).
 */
export interface InterfaceSecrets {
  readonly privateKey: WgKey | null;
  /** Public key → preshared key, for the peers that have one. */
  readonly presharedKeys: ReadonlyMap<WgKey, WgKey>;
}

/**
 * Reads them through the host (root, the helper, or SSH: host/secrets.ts).
 * A host without the operation (a fake, an older helper) refuses the
 * adoption with a clear message rather than adopt without the keys.
 */
export async function readSecrets(
  host: Host,
  name: InterfaceName,
  why: string,
): Promise<InterfaceSecrets> {
  if (host.readSecrets === undefined) {
    throw new AppError(
      'Incompatible',
      `${why} needs the interface's private and preshared keys, and this host cannot read ` +
        `them from a running interface; import its wg-quick file instead`,
    );
  }
  const read = await host.readSecrets(name);
  return {
    privateKey: read.privateKey,
    presharedKeys: new Map(read.presharedKeys.map((p) => [p.publicKey, p.presharedKey])),
  };
}
