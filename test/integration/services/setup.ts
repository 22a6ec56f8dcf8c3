/**
 * Shared set-up for the service tests against real WireGuard: a real SQLite
 * file, the in-process Host running every command inside the rig's server
 * namespace, and the services over them. Clients are real `wg-quick up` runs
 * in other namespaces, from configs the services rendered.
 */
import { join } from 'node:path';
import { after } from 'node:test';
import { AppError } from '../../../shared/errors';
import type { EventName, EventPayload } from '../../../shared/contract';
import { Runner } from '../../../main/host/exec';
import type { Host } from '../../../main/host/host';
import { LocalHost } from '../../../main/host/local';
import { locateTools } from '../../../main/host/tools';
import { writeSecretFile } from '../files';
import { createServices, type Services, createContext } from '../../../main/services';
import {
  createStore,
  KeyFileSource,
  LOCAL_HOST_ID,
  openDatabase,
  type Store,
} from '../../../main/store';
import type { ObservedPeer } from '../../../main/wireguard';
import { unwrap } from '../../../shared/result';
import type { InterfaceView } from '../../../shared/contract';
import { parseInterfaceAddress, parseInterfaceName, parsePort } from '../../../shared/validate';
import type { Rig } from '../rig';

export const ADMIN = { actor: 'admin' } as const;

/**
 * The real LocalHost: it reads a running interface's keys itself now
 * (main/host/secrets.ts). The name stays for the tests that wrap it.
 */
export class SecretReadingHost extends LocalHost {}

export interface World {
  readonly store: Store;
  readonly host: LocalHost;
  readonly services: Services;
  readonly events: { name: EventName; payload: unknown }[];
}

/**
 * Services over a fresh database, acting inside namespace `ns`. `wrap` may put
 * something in front of the real host (a test that schedules its calls);
 * `configFile` stands for root's policy file (/etc/wgdesk/wgdesk.conf, which
 * says whether hooks may run).
 */
export async function world(
  rig: Rig,
  ns: string,
  file = 'wgdesk.db',
  wrap: (host: SecretReadingHost) => Host = (h) => h,
  configFile?: string,
  /** Root's runtime directory (forwarding's saved value): per test, not the machine's /run/wgdesk. */
  stateDir?: string,
): Promise<World> {
  const db = openDatabase(join(rig.dir, file));
  after(() => db.close());
  const store = createStore(db, await new KeyFileSource(rig.dir).load());
  const host = new SecretReadingHost(new Runner({ tools: locateTools(), netns: ns }), {
    ...(configFile === undefined ? {} : { configFile }),
    ...(stateDir === undefined ? {} : { stateDir }),
  });
  const events: World['events'] = [];
  const services = createServices(
    createContext({
      store,
      host: wrap(host),
      hostId: LOCAL_HOST_ID,
      now: Date.now,
      events: <E extends EventName>(name: E, payload: EventPayload<E>) => {
        events.push({ name, payload });
      },
    }),
  );
  return { store, host, services, events };
}

/** Brings a client config up with the real wg-quick in `ns`; the file name is the interface name. */
/** A server made by the services as an admin would: its name, port and IPv4 network, up or not. */
export function newServer(
  services: Services,
  server: { name: string; port: number; address: string; up?: boolean },
): Promise<InterfaceView> {
  return services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(server.name)),
      up: server.up ?? true,
      listenPort: unwrap(parsePort(server.port)),
      ipv4Address: unwrap(parseInterfaceAddress(server.address)),
    },
    ADMIN,
  );
}

export async function clientUp(rig: Rig, ns: string, ifname: string, text: string): Promise<void> {
  const path = join(rig.dir, `${ifname}.conf`);
  await writeSecretFile(path, text);
  await rig.exec(ns, 'wg-quick', ['up', path]);
}

export async function ping(rig: Rig, ns: string, address: string, count = 3): Promise<void> {
  const family = address.includes(':') ? ['-6'] : [];
  await rig.exec(ns, 'ping', [...family, '-c', String(count), '-i', '0.2', '-W', '2', address]);
}

export function peerOf(peers: readonly ObservedPeer[], key: string): ObservedPeer {
  const p = peers.find((x) => x.publicKey === key);
  if (p === undefined) throw new Error(`peer ${key} is not in the kernel`);
  return p;
}

/** Runs `fn` and returns the AppError it throws (fails if it does not throw one). */
export async function appError(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}
