import type { InterfaceView } from '../../shared/contract';
import { AppError, invalidInput } from '../../shared/errors';
import {
  parseConfText,
  parseEndpoint,
  type ConfText,
  type Endpoint,
  type InterfaceName,
  type Keepalive,
  type Port,
} from '../../shared/validate';
import { MAX_PEERS_PER_INTERFACE } from '../host/setconf';
import type { InterfaceRecord, NewInterface, NewPeer } from '../store';
import { MAX_HOOK_LENGTH, parseWgQuickConf, publicKeyOf, type HookCommand } from '../wireguard';
import { audit, interfaceSummary, interfaceTarget } from './audit';
import type { Caller } from './context';
import type { Deps } from './deps';
import { firstByFamily, rowFromFound, type FoundPeer } from './import-convert';
import { checkSettings } from './interface-settings';
import { readSecrets } from './secrets';

export interface ImportWarning {
  /** 1-based line in the file; 0 for the file as a whole. */
  readonly line: number;
  readonly message: string;
}

/**
 * Adopting what an admin already runs. Import never touches the kernel: a
 * running interface keeps every peer and session; drift shows any difference
 * between the file and the kernel, and reconciling is a separate, explicit step.
 */
export class ImportService {
  readonly #deps: Deps;
  readonly #view: (r: InterfaceRecord) => Promise<InterfaceView>;

  constructor(deps: Deps, view: (r: InterfaceRecord) => Promise<InterfaceView>) {
    this.#deps = deps;
    this.#view = view;
  }

  /** A wg-quick .conf (its text, as the admin picked it) as a new server named `name`. */
  async importConf(
    name: InterfaceName,
    text: string,
    caller: Caller,
  ): Promise<{ interface: InterfaceView; peers: number; warnings: ImportWarning[] }> {
    const parsed = parseWgQuickConf(text, 'conf');
    if (!parsed.ok) throw parsed.error;
    const { config } = parsed.value;
    const warnings: ImportWarning[] = [...parsed.value.warnings];
    const i = config.interface;
    if (i.privateKey === undefined) {
      throw invalidInput(
        'text',
        'the [Interface] section has no PrivateKey: a server needs its key',
      );
    }
    const addrs = firstByFamily(i.addresses);
    for (const a of addrs.dropped) {
      warnings.push({
        line: lineOf(text, 'Address'),
        message: `address ${a} not kept: wgdesk keeps one IPv4 and one IPv6 address`,
      });
    }
    if (i.dns.length > 0) {
      warnings.push({
        line: lineOf(text, 'DNS'),
        message: 'DNS is kept as the DNS handed to clients; the exported server file leaves it out',
      });
    }
    const hooks = [...i.preUp, ...i.postUp, ...i.preDown, ...i.postDown];
    if (hooks.length > 0) {
      warnings.push({
        line: lineOf(text, 'P(re|ost)(Up|Down)'),
        message:
          'PreUp/PostUp/PreDown/PostDown are kept; they run only when script execution is turned on in Settings',
      });
    }
    if (i.saveConfig === true) {
      warnings.push({
        line: lineOf(text, 'SaveConfig'),
        message: 'SaveConfig ignored: wgdesk keeps the configuration in its database',
      });
    }
    const link = await this.#deps.ctx.host.linkState(name);
    const iface: Omit<NewInterface, 'hostId' | 'name'> = {
      privateKey: i.privateKey,
      publicKey: publicKeyOf(i.privateKey),
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
      enabled: link.exists,
    };
    const found: FoundPeer[] = config.peers.map((p) => ({
      name: p.name,
      publicKey: p.publicKey,
      presharedKey: p.presharedKey ?? null,
      allowedIps: p.allowedIps,
      endpoint: p.endpoint ?? null,
      keepalive: p.persistentKeepalive ?? (0 as Keepalive),
    }));
    const row = this.#store(name, iface, found, false, caller, 'interface.importConf');
    return { interface: await this.#view(row), peers: found.length, warnings };
  }

  /** A running interface and its peers, read from the kernel; nothing in the kernel changes. */
  async importRunning(
    name: InterfaceName,
    publicEndpoint: Endpoint | null,
    caller: Caller,
  ): Promise<{ interface: InterfaceView; peers: number }> {
    const { host } = this.#deps.ctx;
    const link = await host.linkState(name);
    if (!link.exists) throw new AppError('NotFound', `no running interface named ${name}`, 'name');
    const observed = await host.readInterface(name);
    const secrets = await readSecrets(host, name, 'importing a running interface');
    if (secrets.privateKey === null) {
      throw invalidInput('name', `interface ${name} has no private key set: nothing to adopt`);
    }
    const addrs = firstByFamily(link.addresses);
    const found: FoundPeer[] = observed.peers.map((p) => ({
      publicKey: p.publicKey,
      presharedKey: p.hasPresharedKey ? (secrets.presharedKeys.get(p.publicKey) ?? null) : null,
      allowedIps: p.allowedIps,
      // The dump shows where a peer is now, not what was configured. A peer the
      // server keeps alive is one it dials, so its endpoint is configuration;
      // a roaming client's is not, and storing it would pin the client.
      endpoint: p.persistentKeepalive > 0 ? configuredEndpoint(p.endpoint) : null,
      keepalive: p.persistentKeepalive as Keepalive,
    }));
    const iface: Omit<NewInterface, 'hostId' | 'name'> = {
      privateKey: secrets.privateKey,
      publicKey: publicKeyOf(secrets.privateKey),
      listenPort: observed.listenPort === 0 ? null : (observed.listenPort as Port),
      ipv4Address: addrs.ipv4Address,
      ipv6Address: addrs.ipv6Address,
      publicEndpoint,
      enabled: true,
    };
    const row = this.#store(name, iface, found, true, caller, 'interface.importRunning');
    return { interface: await this.#view(row), peers: found.length };
  }

  /** One transaction: the interface, its peers and the audit entries, or nothing. */
  #store(
    name: InterfaceName,
    iface: Omit<NewInterface, 'hostId' | 'name'>,
    found: readonly FoundPeer[],
    applied: boolean,
    caller: Caller,
    action: string,
  ): InterfaceRecord {
    const { ctx } = this.#deps;
    if (found.length > MAX_PEERS_PER_INTERFACE) {
      throw invalidInput(
        'text',
        `has ${found.length} peers; an interface holds at most ${MAX_PEERS_PER_INTERFACE}`,
      );
    }
    checkSettings(
      this.#deps,
      {
        listenPort: iface.listenPort ?? null,
        ipv4Address: iface.ipv4Address ?? null,
        ipv6Address: iface.ipv6Address ?? null,
      },
      null,
    );
    const serverAddresses = [iface.ipv4Address ?? null, iface.ipv6Address ?? null].filter(
      (a): a is NonNullable<typeof a> => a !== null,
    );
    const row = ctx.store.transaction(() => {
      const created = ctx.store.interfaces.insert({ ...iface, hostId: ctx.hostId, name });
      const rows: NewPeer[] = found.map((p, i) => rowFromFound(created.id, serverAddresses, p, i));
      const ids = ctx.store.peers.insertMany(rows);
      if (applied) ctx.store.peers.setApplied(ids, true);
      audit(ctx.store, caller, action, interfaceTarget(created), {
        ...interfaceSummary(created),
        peers: ids.length,
      });
      return created;
    });
    ctx.events('state.changed', { what: 'interfaces', ids: [row.id] });
    return row;
  }
}

/** A dump endpoint as a configurable one; a link-local one with a scope id has no config form. */
function configuredEndpoint(seen: string | null): Endpoint | null {
  if (seen === null) return null;
  const r = parseEndpoint(seen, 'endpoint');
  return r.ok ? r.value : null;
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
