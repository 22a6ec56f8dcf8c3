import QRCode from 'qrcode';
import { QR_OPTIONS, QR_PNG_SCALE } from '../../../shared/qr';
import type { ConfigFile } from '../../../shared/contract';
import { conflict } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { WgKey } from '../../../shared/validate';
import type { InterfaceRecord, PeerId, PeerRecord } from '../../store';
import {
  buildClientConfig,
  publicKeyOf,
  renderWgQuickConf,
  type ClientConfigInput,
} from '../../wireguard';
import { requireInterface, type ServiceContext } from '../context';
import { refuseRevokedConfig } from '../lifecycle/revoke';

export type QrFormat = 'png' | 'svg';

export interface QrImage {
  readonly mime: 'image/png' | 'image/svg+xml';
  /** PNG: base64; SVG: the document text. */
  readonly data: string;
}

// wg-quick names the interface after the file (`wg-quick up alice.conf` makes
// "alice"), and allows only [a-zA-Z0-9_=+.-], at most 15 characters. A
// download named that way can be brought up as it is.
const WG_QUICK_NAME = /[^a-zA-Z0-9_=+.-]+/g;
const MAX_STEM = 15;

/** A safe .conf file name from a peer's free-text name. */
export function configFileName(name: string, fallback: string): string {
  const stem = name
    .replace(WG_QUICK_NAME, '-')
    .replace(/^[-.]+/, '')
    .slice(0, MAX_STEM)
    .replace(/-+$/, '');
  return `${stem === '' ? fallback : stem}.conf`;
}

/** Client configs, rendered on demand from the database; never written to disk by wgdesk. */
export class ConfigService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /** The peer's client .conf (holds its private key: only for the reveal-style methods). */
  forPeer(id: PeerId): ConfigFile {
    const { store } = this.#ctx;
    const peer = store.peers.require(id);
    refuseRevokedConfig(peer);
    const iface = requireInterface(this.#ctx, peer.interfaceId);
    const privateKey = store.peers.revealPrivateKey(id);
    if (privateKey === null) {
      throw conflict(
        'id',
        `wgdesk does not hold the private key of peer ${peer.name} (it was imported, its public ` +
          'key was pasted, or the key was not kept), so its config cannot be produced; ' +
          'give it new keys to issue a new config',
        problem('no_private_key', { name: peer.name }),
      );
    }
    return render(
      serverSide(this.#ctx, iface),
      peer,
      privateKey,
      store.peers.revealPresharedKey(id),
    );
  }

  async qr(id: PeerId, format: QrFormat): Promise<QrImage> {
    const { text } = this.forPeer(id);
    const options = QR_OPTIONS;
    switch (format) {
      case 'png': {
        const png = await QRCode.toBuffer(text, { ...options, type: 'png', scale: QR_PNG_SCALE });
        return { mime: 'image/png', data: png.toString('base64') };
      }
      case 'svg':
        return {
          mime: 'image/svg+xml',
          data: await QRCode.toString(text, { ...options, type: 'svg' }),
        };
    }
  }
}

export type ServerSide = ClientConfigInput['server'];

/**
 * What a client config takes from its server. The public key is derived from
 * the sealed private key, which the data key authenticates, not read from the
 * public_key column, which it does not: whoever can write the database file
 * could plant their own key there (and endpoint), and every config handed out
 * afterwards would send its client to them.
 */
export function serverSide(ctx: ServiceContext, iface: InterfaceRecord): ServerSide {
  return { ...iface, publicKey: publicKeyOf(ctx.store.interfaces.revealPrivateKey(iface.id)) };
}

/** One client config from its parts; throws InvalidInput when the server has no public endpoint. */
export function render(
  server: ServerSide,
  peer: PeerRecord,
  privateKey: WgKey,
  presharedKey: WgKey | null,
): ConfigFile {
  const text = renderWgQuickConf(buildClientConfig({ server, peer, privateKey, presharedKey }));
  return { filename: configFileName(peer.name, `peer-${peer.id}`), text };
}
