import type { AuditAction } from '../../../shared/audit-actions';
import type { DriftReport, InterfaceView } from '../../../shared/contract';
import { AppError, conflict, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import {
  parseEndpoint,
  type Endpoint,
  type InterfaceName,
  type Keepalive,
  type Port,
} from '../../../shared/validate';
import { MAX_PEERS_PER_INTERFACE } from '../../host/setconf';
import type { InterfaceRecord, NewInterface, NewPeer, PeerId } from '../../store';
import { publicKeyOf, type ObservedInterface } from '../../wireguard';
import { audit, interfaceSummary, interfaceTarget } from '../logs/audit';
import type { Caller } from '../context';
import type { ServiceContext } from '../context';
import { serverFromConf, type ImportWarning } from './conf-file';
import { diffDrift } from './drift-diff';
import { firstByFamily, rowFromFound, type FoundPeer } from './import-convert';
import { checkSettings } from './settings-check';
import { readSecrets } from './secrets';
import { refuseRevoked } from '../lifecycle/revoke';

/** Where a wg-quick file came from: the audit log tells a picked file from /etc/wireguard. */
export type ConfSource = 'picked' | 'system';

export interface ConfImportOptions {
  readonly publicEndpoint?: Endpoint | null;
  readonly source?: ConfSource;
}

export interface ImportedConf {
  readonly interface: InterfaceView;
  readonly peers: number;
  readonly warnings: ImportWarning[];
}

const ACTION: Readonly<Record<ConfSource, AuditAction>> = {
  picked: 'interface.importConf',
  system: 'interface.importSystemConf',
};

/**
 * Adopting what an admin already runs. Import never touches the kernel: a
 * running interface keeps every peer and session. A file is adopted for a
 * running interface only when wgdesk applying it later (at start, or a
 * Reconcile → push) would neither drop nor change a running peer: otherwise
 * it is a Conflict that says what differs, and nothing is stored.
 */
export class ImportService {
  readonly #ctx: ServiceContext;
  readonly #view: (r: InterfaceRecord) => Promise<InterfaceView>;

  constructor(ctx: ServiceContext, view: (r: InterfaceRecord) => Promise<InterfaceView>) {
    this.#ctx = ctx;
    this.#view = view;
  }

  /** A wg-quick .conf (its text, as the admin picked it or /etc/wireguard holds it) as a new server named `name`. */
  async importConf(
    name: InterfaceName,
    text: string,
    caller: Caller,
    options: ConfImportOptions = {},
  ): Promise<ImportedConf> {
    const file = serverFromConf(text);
    const { warnings } = file;
    const { host } = this.#ctx;
    const link = await host.linkState(name);
    const running = link.exists ? await host.readInterface(name) : null;
    const iface: Omit<NewInterface, 'hostId' | 'name'> = {
      ...file.iface,
      publicEndpoint: options.publicEndpoint ?? null,
      enabled: link.exists,
    };
    const found = file.peers;
    const action = ACTION[options.source ?? 'picked'];
    const row = this.#store(name, iface, found, caller, action, (created, ids) => {
      if (running !== null) warnings.push(...this.#keepsRunning(created, ids, running));
    });
    return { interface: await this.#view(row), peers: found.length, warnings };
  }

  /** A running interface and its peers, read from the kernel; nothing in the kernel changes. */
  async importRunning(
    name: InterfaceName,
    publicEndpoint: Endpoint | null,
    caller: Caller,
  ): Promise<{ interface: InterfaceView; peers: number }> {
    const { host } = this.#ctx;
    const link = await host.linkState(name);
    if (!link.exists) throw new AppError('NotFound', `no running interface named ${name}`, 'name');
    const observed = await host.readInterface(name);
    const secrets = await readSecrets(host, name, 'importing a running interface');
    if (secrets.privateKey === null) {
      throw invalidInput(
        'name',
        `interface ${name} has no private key set: nothing to adopt`,
        problem('running_no_private_key', { name }),
      );
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
    const row = this.#store(name, iface, found, caller, 'interface.importRunning', (_, ids) =>
      this.#ctx.kernel.record(ids, 'applied'),
    );
    return { interface: await this.#view(row), peers: found.length };
  }

  /**
   * The rows of a file just stored, against the interface already running
   * under its name, with the comparison drift uses. Throws (rolling the
   * transaction back) if applying them would change the running interface;
   * else marks the peers the kernel holds as applied, and warns of the rest.
   */
  #keepsRunning(
    created: InterfaceRecord,
    ids: readonly PeerId[],
    running: ObservedInterface,
  ): ImportWarning[] {
    const { store, now } = this.#ctx;
    const report = diffDrift(created, store.peers.listByInterface(created.id), running, now());
    const changes = changesToRunning(report);
    if (changes.length > 0) {
      throw conflict(
        'name',
        `${created.name} is running, and this file has ${changes.join(', ')}: wgdesk would ` +
          `change the running interface to match the next time it applies it (at start, or ` +
          `Reconcile → push). Save the running state to the file first ` +
          `(wg-quick save ${created.name}), or bring ${created.name} down, then import`,
        problem('running_differs', { name: created.name, changes: changes.join(', ') }),
      );
    }
    const notRunning = new Set<number>(report.missingFromKernel.map((m) => m.peerId));
    this.#ctx.kernel.record(
      ids.filter((id) => !notRunning.has(id)),
      'applied',
    );
    if (notRunning.size === 0) return [];
    return [
      {
        line: 0,
        message: `${notRunning.size} peer(s) of the file are not running; wgdesk adds them when it next applies ${created.name}`,
        problem: problem('import_not_running', { count: notRunning.size, name: created.name }),
      },
    ];
  }

  /** One transaction: the interface, its peers and the audit entries, or nothing. */
  #store(
    name: InterfaceName,
    iface: Omit<NewInterface, 'hostId' | 'name'>,
    found: readonly FoundPeer[],
    caller: Caller,
    action: AuditAction,
    /** Runs in the transaction once the rows exist; throwing undoes them. */
    stored: (created: InterfaceRecord, ids: readonly PeerId[]) => void,
  ): InterfaceRecord {
    const ctx = this.#ctx;
    if (found.length > MAX_PEERS_PER_INTERFACE) {
      throw invalidInput(
        'text',
        `has ${found.length} peers; an interface holds at most ${MAX_PEERS_PER_INTERFACE}`,
        problem('conf_too_many_peers', { count: found.length, max: MAX_PEERS_PER_INTERFACE }),
      );
    }
    checkSettings(
      this.#ctx,
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
      refuseRevoked(
        ctx.store,
        created.publicKey,
        rows.map((r) => r.publicKey),
        'text',
      );
      const ids = ctx.store.peers.insertMany(rows);
      stored(created, ids);
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

/** What applying the file would do to the running interface, for people; empty if nothing. */
function changesToRunning(r: DriftReport): string[] {
  const out: string[] = [];
  if (r.interfaceDifferent.includes('publicKey')) out.push('another private key');
  if (r.interfaceDifferent.includes('listenPort')) out.push('another listen port');
  if (r.unknownInKernel.length > 0) {
    out.push(`${r.unknownInKernel.length} running peer(s) missing`);
  }
  if (r.different.length > 0) {
    const fields = [...new Set(r.different.flatMap((d) => d.fields))].join(', ');
    out.push(`${r.different.length} running peer(s) with other settings (${fields})`);
  }
  return out;
}

/** A dump endpoint as a configurable one; a link-local one with a scope id has no config form. */
function configuredEndpoint(seen: string | null): Endpoint | null {
  if (seen === null) return null;
  const r = parseEndpoint(seen, 'endpoint');
  return r.ok ? r.value : null;
}
