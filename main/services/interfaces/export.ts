import { strToU8, zipSync, type Zippable } from 'fflate';
import type { ConfigFile } from '../../../shared/contract';
import { unwrap } from '../../../shared/result';
import type { ConfText } from '../../../shared/validate';
import { peerSection } from '../../host/setconf';
import type { InterfaceId, InterfaceRecord } from '../../store';
import { parseHookCommand, renderWgQuickConf, type WgQuickConfig } from '../../wireguard';
import { configFileName, render, serverSide } from '../peers/configs';
import { requireInterface, type ServiceContext } from '../context';
import { addressesOf } from '../kernel/device';
import { belongsInKernel, peerSpecOf } from '../kernel/spec';

/**
 * Each entry holds a private key: a regular file, mode 0600, in Unix external
 * attributes (type and mode in the high 16 bits, "made by" Unix), so `unzip`
 * extracts it 0600 instead of with the umask's default, as wg-quick expects.
 */
const PRIVATE_FILE = { os: 3, attrs: 0o100600 * 0x10000 } as const;

export interface ClientsZip {
  readonly filename: string;
  readonly base64: string;
  /** Peers left out because wgdesk does not hold their private key. */
  readonly skipped: ConfText[];
}

/** Servers as wg-quick files, and every client config of a server as one zip. */
export class ExportService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /** The server's own wg-quick .conf (holds its private key): what `wg-quick up` would need. */
  exportConf(id: InterfaceId): ConfigFile {
    const iface = requireInterface(this.#ctx, id);
    return { filename: `${iface.name}.conf`, text: renderWgQuickConf(this.#serverConfig(iface)) };
  }

  exportClients(id: InterfaceId): ClientsZip {
    const { store } = this.#ctx;
    const iface = requireInterface(this.#ctx, id);
    const files: Zippable = {};
    const skipped: ConfText[] = [];
    const server = serverSide(this.#ctx, iface);
    for (const peer of store.peers.listByInterface(id)) {
      // A revoked peer's config is never handed out again (lifecycle/revoke.ts).
      const privateKey = peer.revokedAt === null ? store.peers.revealPrivateKey(peer.id) : null;
      if (privateKey === null) {
        skipped.push(peer.name);
        continue;
      }
      const conf = render(server, peer, privateKey, store.peers.revealPresharedKey(peer.id));
      files[uniqueName(files, conf.filename, peer.id)] = [
        strToU8(conf.text),
        { mtime: new Date(this.#ctx.now()), ...PRIVATE_FILE },
      ];
    }
    const zip = zipSync(files, { level: 6 });
    return {
      filename: `${iface.name}-clients.zip`,
      base64: Buffer.from(zip).toString('base64'),
      skipped,
    };
  }

  #serverConfig(iface: InterfaceRecord): WgQuickConfig {
    const { store, now } = this.#ctx;
    const t = now();
    const peers = store.peers
      .listByInterface(iface.id)
      .filter((p) => belongsInKernel(p, t))
      .map((p) => {
        const { persistentKeepalive, ...section } = peerSection(peerSpecOf(p, store.peers));
        // Written only when on, as people write these files.
        return persistentKeepalive === undefined || persistentKeepalive === 0
          ? { name: p.name, ...section }
          : { name: p.name, ...section, persistentKeepalive };
      });
    const hooks = (list: readonly ConfText[]) => list.map((h) => unwrap(parseHookCommand(h)));
    return {
      interface: {
        privateKey: store.interfaces.revealPrivateKey(iface.id),
        ...(iface.listenPort === null ? {} : { listenPort: iface.listenPort }),
        ...(iface.fwmark === null ? {} : { fwMark: iface.fwmark }),
        addresses: addressesOf(iface),
        // DNS is what clients get; in a server's own file wg-quick would hand it
        // to resolvconf and change the server's resolver.
        dns: [],
        ...(iface.mtu === null ? {} : { mtu: iface.mtu }),
        ...(iface.routeTable === null ? {} : { table: iface.routeTable }),
        preUp: hooks(iface.preUp),
        postUp: hooks(iface.postUp),
        preDown: hooks(iface.preDown),
        postDown: hooks(iface.postDown),
      },
      peers,
    };
  }
}

/** Two peers named alike get "-<id>" on the second name, within wg-quick's 15 characters. */
function uniqueName(taken: Zippable, filename: string, id: number): string {
  if (!(filename in taken)) return filename;
  const suffix = `-${id}`;
  return configFileName(
    `${filename.slice(0, -'.conf'.length).slice(0, 15 - suffix.length)}${suffix}`,
    `peer${suffix}`,
  );
}
