/**
 * What a wg-quick file says about the server it describes, before anything
 * is stored: its settings as a new interface's row, its peers, and the
 * warnings an admin reads about what wgdesk keeps differently. Pure: the
 * import service decides, from the kernel, whether the file may be adopted.
 */
import { invalidInput } from '../../../shared/errors';
import { problem, type Problem } from '../../../shared/problems';
import { parseConfText, type ConfText, type Keepalive, type WgKey } from '../../../shared/validate';
import type { NewInterface } from '../../store';
import {
  MAX_HOOK_LENGTH,
  parseWgQuickConf,
  publicKeyOf,
  type HookCommand,
  type WgQuickConfig,
} from '../../wireguard';
import { firstByFamily, type FoundPeer } from './import-convert';

export interface ImportWarning {
  /** 1-based line in the file; 0 for the file as a whole. */
  readonly line: number;
  /** In English, for the CLI; `problem` is the same as a code, for the window. */
  readonly message: string;
  readonly problem: Problem;
}

/** A wg-quick file that can become a server: it parses and names its private key. */
export interface ServerConf {
  readonly config: WgQuickConfig;
  readonly privateKey: WgKey;
  readonly warnings: readonly ImportWarning[];
}

/** Parses a file as importConf does, or throws its InvalidInput (messages hide key-like text). */
export function readServerConf(text: string): ServerConf {
  const parsed = parseWgQuickConf(text, 'conf');
  if (!parsed.ok) throw parsed.error;
  const privateKey = parsed.value.config.interface.privateKey;
  if (privateKey === undefined) {
    throw invalidInput(
      'text',
      'the [Interface] section has no PrivateKey: a server needs its key',
      problem('conf_no_private_key', {}),
    );
  }
  return { config: parsed.value.config, privateKey, warnings: parsed.value.warnings };
}

/** A server file read whole: its row (but where it runs), its peers, and every warning. */
export interface ServerFromConf {
  readonly iface: Omit<NewInterface, 'hostId' | 'name' | 'enabled' | 'publicEndpoint'>;
  readonly peers: FoundPeer[];
  readonly warnings: ImportWarning[];
}

export function serverFromConf(text: string): ServerFromConf {
  const { config, privateKey, warnings: parseWarnings } = readServerConf(text);
  const i = config.interface;
  const addrs = firstByFamily(i.addresses);
  const warnings: ImportWarning[] = [...parseWarnings];
  const at = (key: string, message: string, coded: Problem): void => {
    warnings.push({ line: lineOf(text, key), message, problem: coded });
  };
  for (const a of addrs.dropped) {
    at(
      'Address',
      `address ${a} not kept: wgdesk keeps one IPv4 and one IPv6 address`,
      problem('import_address_dropped', { address: a }),
    );
  }
  if (i.dns.length > 0) {
    at(
      'DNS',
      'DNS is kept as the DNS handed to clients; the exported server file leaves it out',
      problem('import_dns_kept', {}),
    );
  }
  if ([...i.preUp, ...i.postUp, ...i.preDown, ...i.postDown].length > 0) {
    at(
      'P(re|ost)(Up|Down)',
      'PreUp/PostUp/PreDown/PostDown are kept; they run only when script execution is turned on in Settings',
      problem('import_hooks_kept', {}),
    );
  }
  if (i.saveConfig === true) {
    at(
      'SaveConfig',
      'SaveConfig ignored: wgdesk keeps the configuration in its database',
      problem('import_save_config', {}),
    );
  }
  const iface = {
    privateKey,
    publicKey: publicKeyOf(privateKey),
    listenPort: i.listenPort ?? null,
    ipv4Address: addrs.ipv4Address,
    ipv6Address: addrs.ipv6Address,
    dns: i.dns,
    mtu: i.mtu ?? null,
    routeTable: i.table ?? null,
    fwmark: i.fwMark ?? null,
    preUp: i.preUp.map(hookText),
    postUp: i.postUp.map(hookText),
    preDown: i.preDown.map(hookText),
    postDown: i.postDown.map(hookText),
  };
  const peers: FoundPeer[] = config.peers.map((p) => ({
    name: p.name,
    publicKey: p.publicKey,
    presharedKey: p.presharedKey ?? null,
    allowedIps: p.allowedIps,
    endpoint: p.endpoint ?? null,
    keepalive: p.persistentKeepalive ?? (0 as Keepalive),
  }));
  return { iface, peers, warnings };
}

function hookText(h: HookCommand): ConfText {
  const r = parseConfText(h, 'hook', MAX_HOOK_LENGTH);
  if (!r.ok) throw r.error;
  return r.value;
}

/** The first line setting `key` (a regex source), for warnings; 0 if none is found. */
function lineOf(text: string, key: string): number {
  const re = new RegExp(`^\\s*(${key})\\s*=`, 'i');
  const i = text.split('\n').findIndex((l) => re.test(l));
  return i + 1;
}
