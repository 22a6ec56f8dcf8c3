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
 * An operation the Host does not have yet: reading an interface's private key
 * and PSKs (`wg showconf`-style), needed only to adopt a running interface or
 * a kernel peer with a PSK. Until Host gains it, services use it when the host
 * offers it and otherwise refuse those adoptions with a clear message.
 */
export interface SecretReader {
  readSecrets(name: InterfaceName): Promise<InterfaceSecrets>;
}

export function secretReaderOf(host: Host): SecretReader | undefined {
  const candidate = host as Host & Partial<SecretReader>;
  const read = candidate.readSecrets;
  return typeof read === 'function' ? { readSecrets: (name) => read.call(host, name) } : undefined;
}

export async function readSecrets(
  host: Host,
  name: InterfaceName,
  why: string,
): Promise<InterfaceSecrets> {
  const reader = secretReaderOf(host);
  if (reader === undefined) {
    throw new AppError(
      'Incompatible',
      `${why} needs the interface's private and preshared keys, and this host cannot read ` +
        `them from a running interface; import its wg-quick file instead`,
    );
  }
  return reader.readSecrets(name);
}
