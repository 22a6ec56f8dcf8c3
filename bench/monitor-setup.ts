// A monitored server with N idle peers for the monitor benchmarks: rows in a
// real database file, the same peers in a wireguard-go interface in the
// benchmark's namespace (applied with one `wg setconf`).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { unwrap } from '../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKey,
  parseKeepalive,
  parsePort,
} from '../shared/validate';
import type { Host } from '../main/host/host';
import type { LocalHost } from '../main/host/local';
import { createServices, type Services, createContext } from '../main/services';
import type { ServiceContext } from '../main/services/context';
import {
  createStore,
  KeyFileSource,
  LOCAL_HOST_ID,
  type Db,
  type InterfaceRecord,
  type NewPeer,
  type Store,
} from '../main/store';
import { openMonitorDb } from '../test/unit/monitor/helpers';
import type { Rig } from '../test/integration/rig';

export interface Monitored {
  readonly db: Db;
  readonly dbPath: string;
  readonly store: Store;
  readonly services: Services;
  readonly ctx: ServiceContext;
  readonly iface: InterfaceRecord;
  /**
   * Stops the services, closes the database and lets go of them (once; later
   * calls do nothing): after it, the fields above throw. A bench that measures
   * another app next in the same process must not carry this one's heap: a
   * running wgdesk has one monitor, and every major collection marks a
   * second one's peer states too (~5 MB at 10k peers).
   */
  close(): Promise<void>;
}

export interface MonitoredServer extends Monitored {
  /** Deletes the interface (and its wireguard-go). */
  remove(): Promise<void>;
}

/** Any 32 bytes are a valid public key to wg; generating real pairs would only cost time. */
const anyKey = () => unwrap(parseKey(randomBytes(32).toString('base64')));

interface Open {
  readonly db: Db;
  readonly store: Store;
  readonly services: Services;
  readonly ctx: ServiceContext;
}

export async function openMonitored(
  dir: string,
  host: Host,
  dbPath: string,
  ctxExtra: Partial<ServiceContext> = {},
): Promise<Omit<Monitored, 'iface'>> {
  const db = openMonitorDb(dbPath);
  const store = createStore(db, await new KeyFileSource(dir).load());
  const ctx = createContext({
    store,
    host,
    hostId: LOCAL_HOST_ID,
    now: Date.now,
    events: () => undefined,
    ...ctxExtra,
  });
  let open: Open | null = { db, store, services: createServices(ctx), ctx };
  const live = (): Open => {
    if (open === null) throw new Error(`the monitored app on ${dbPath} is closed`);
    return open;
  };
  return {
    dbPath,
    get db() {
      return live().db;
    },
    get store() {
      return live().store;
    },
    get services() {
      return live().services;
    },
    get ctx() {
      return live().ctx;
    },
    async close() {
      if (open === null) return;
      const was = open;
      open = null;
      await was.services.stop();
      was.db.close();
    },
  };
}

/** A new server with `peers` idle peers, in the database and in the kernel. */
export async function monitoredServer(
  rig: Rig,
  host: LocalHost,
  peers: number,
  suffix: string,
): Promise<MonitoredServer> {
  const dbPath = join(rig.dir, `monitor-${suffix}.db`);
  const app = await openMonitored(rig.dir, host, dbPath);
  const keys = { privateKey: anyKey(), publicKey: anyKey() };
  const iface = app.store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName(rig.name(`m${suffix}`))),
    ...keys,
    listenPort: unwrap(parsePort(52000 + peers / 1000)),
    ipv4Address: unwrap(parseInterfaceAddress('10.128.0.1/9')),
  });
  const inputs: NewPeer[] = [];
  for (let i = 0; i < peers; i++) {
    const n = i + 2;
    inputs.push({
      interfaceId: iface.id,
      name: unwrap(parseConfText(`device ${n}`)),
      type: 'client',
      tunnelMode: 'hub',
      publicKey: anyKey(),
      addresses: [unwrap(parseCidr(`10.${128 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}/32`))],
      keepalive: unwrap(parseKeepalive(0)),
    });
  }
  app.store.peers.insertMany(inputs);
  await host.createInterface(iface.name);
  await host.configure(
    iface.name,
    {
      privateKey: keys.privateKey,
      listenPort: iface.listenPort,
      fwMark: null,
      peers: inputs.map((p) => ({
        publicKey: p.publicKey,
        presharedKey: null,
        allowedIps: p.addresses ?? [],
        endpoint: null,
        persistentKeepalive: unwrap(parseKeepalive(0)),
      })),
    },
    'replace',
  );
  // Not spread: that would read each getter once and keep what it returned.
  return Object.assign(app, { iface, remove: () => host.deleteInterface(iface.name) });
}
