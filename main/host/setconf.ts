import { renderWgSetconf, type PeerSection, type WgQuickConfig } from '../wireguard';
import type { FwMark } from '../../shared/validate';
import type { DeviceSpec, PeerSpec } from './host';

const NO_MARK = 0 as FwMark;

/** wireguard-go's per-interface ceiling; a larger setconf fails part-way with no rollback. */
export const MAX_PEERS_PER_INTERFACE = 65_536;

export function peerSection(p: PeerSpec): PeerSection {
  return {
    publicKey: p.publicKey,
    allowedIps: p.allowedIps,
    persistentKeepalive: p.persistentKeepalive,
    ...(p.presharedKey === null ? {} : { presharedKey: p.presharedKey }),
    ...(p.endpoint === null ? {} : { endpoint: p.endpoint }),
  };
}

/** The text `wg setconf|syncconf|addconf` reads. It holds the private key: secret file only. */
export function deviceConfigText(device: DeviceSpec): string {
  const config: WgQuickConfig = {
    interface: {
      privateKey: device.privateKey,
      ...(device.listenPort === null ? {} : { listenPort: device.listenPort }),
      // Always written: a missing FwMark leaves the kernel's as it is, so clearing one needs 0 (off).
      fwMark: device.fwMark ?? NO_MARK,
      addresses: [],
      dns: [],
      preUp: [],
      postUp: [],
      preDown: [],
      postDown: [],
    },
    peers: device.peers.map(peerSection),
  };
  return renderWgSetconf(config);
}
