// A real WireGuard server in a namespace, managed by a real store and the
// in-process Host, and real clients (wg-quick) in their own namespaces, each
// on its own veth link. Peers are created straight through the store and the
// Host: the peer-creation service is not what these tests are about.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unwrap } from '../../../shared/result';
import {
  readPushes,
  type EventName,
  type EventPayload,
  type PeerStats,
} from '../../../shared/contract';
import {
  parseCidr,
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../../shared/validate';
import { Runner } from '../../../main/host/exec';
import { LocalHost } from '../../../main/host/local';
import { locateTools } from '../../../main/host/tools';
import { belongsInKernel, peerSpecOf } from '../../../main/services/kernel/spec';
import { createContext, type ServiceContext } from '../../../main/services/context';
import {
  createStore,
  KeyFileSource,
  LOCAL_HOST_ID,
  type Db,
  type InterfaceRecord,
  type PeerRecord,
  type Store,
  type UserId,
} from '../../../main/store';
import {
  buildClientConfig,
  generateKeyPair,
  generatePresharedKey,
  renderWgQuickConf,
} from '../../../main/wireguard';
import { openMonitorDb } from '../../unit/monitor/helpers';
import { type Rig, waitFor } from '../rig';

export const PORT = 51820;

export interface App {
  readonly db: Db;
  readonly store: Store;
  readonly events: Recorder;
  readonly ctx: ServiceContext;
}

/** Opens the app's database (the same file every time) with a fresh event recorder. */
export async function openApp(rig: Rig, host: LocalHost): Promise<App> {
  const db = openMonitorDb(join(rig.dir, 'wgdesk.db'));
  const store = createStore(db, await new KeyFileSource(rig.dir).load());
  const events = new Recorder();
  const ctx = createContext({
    store,
    host,
    hostId: LOCAL_HOST_ID,
    now: Date.now,
    events: (name, payload) => events.push(name, payload),
  });
  return { db, store, events, ctx };
}

export interface Server {
  readonly ns: string;
  readonly host: LocalHost;
  readonly iface: InterfaceRecord;
}

/** The server's namespace and the in-process Host that runs its commands there. */
export async function serverHost(rig: Rig): Promise<{ ns: string; host: LocalHost }> {
  const ns = await rig.namespace('s');
  return { ns, host: new LocalHost(new Runner({ tools: locateTools(), netns: ns })) };
}

/** The server interface, stored and brought up. */
export async function startServer(
  rig: Rig,
  at: { ns: string; host: LocalHost },
  store: Store,
): Promise<Server> {
  const { ns, host } = at;
  const keys = await generateKeyPair();
  const iface = store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName(rig.name('s0'))),
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    listenPort: unwrap(parsePort(PORT)),
    ipv4Address: unwrap(parseInterfaceAddress('10.66.0.1/24')),
  });
  const server = { ns, host, iface };
  await bringUp(server, store);
  return server;
}

/** Creates the link and applies every peer that belongs in the kernel (also: a restart). */
export async function bringUp(server: Server, store: Store): Promise<void> {
  const { host, iface } = server;
  await host.createInterface(iface.name);
  const now = Date.now();
  const peers = store.peers
    .listByInterface(iface.id)
    .filter((p) => belongsInKernel(p, now))
    .map((p) => peerSpecOf(p, store.peers));
  await host.configure(
    iface.name,
    {
      privateKey: store.interfaces.revealPrivateKey(iface.id),
      listenPort: iface.listenPort,
      fwMark: null,
      peers,
    },
    'replace',
  );
  await host.setAddresses(iface.name, iface.ipv4Address === null ? [] : [iface.ipv4Address]);
  await host.setLink(iface.name, { up: true });
}

export interface Client {
  readonly ns: string;
  readonly peer: PeerRecord;
  /** Its tunnel address. */
  readonly address: string;
}

/**
 * Client n (1, 2…): a namespace linked to the server by its own /30 out of
 * 192.0.2.0/24, a stored peer at 10.66.0.(n+1) applied with `wg set`, and a
 * wg-quick tunnel with keepalive 1 (so it handshakes at once and retries fast).
 */
export async function addClient(
  rig: Rig,
  server: Server,
  store: Store,
  n: number,
  userId: UserId | null = null,
): Promise<Client> {
  const ns = await rig.namespace(`c${n}`);
  const srvVeth = rig.name(`sv${n}`);
  const cliVeth = rig.name(`cv${n}`);
  const srvAddr = `192.0.2.${4 * n + 1}`;
  const cliAddr = `192.0.2.${4 * n + 2}`;
  await rig.exec(server.ns, 'ip', [
    'link',
    'add',
    srvVeth,
    'type',
    'veth',
    'peer',
    'name',
    cliVeth,
    'netns',
    ns,
  ]);
  await rig.exec(server.ns, 'ip', ['address', 'add', `${srvAddr}/30`, 'dev', srvVeth]);
  await rig.exec(ns, 'ip', ['address', 'add', `${cliAddr}/30`, 'dev', cliVeth]);
  await rig.exec(server.ns, 'ip', ['link', 'set', srvVeth, 'up']);
  await rig.exec(ns, 'ip', ['link', 'set', cliVeth, 'up']);

  const keys = await generateKeyPair();
  const address = `10.66.0.${n + 1}`;
  const peer = store.peers.insert({
    interfaceId: server.iface.id,
    userId,
    name: unwrap(parseConfText(`client ${n}`)),
    type: 'client',
    tunnelMode: 'hub',
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    presharedKey: generatePresharedKey(),
    addresses: [unwrap(parseCidr(`${address}/32`))],
    keepalive: unwrap(parseKeepalive(1)),
  });
  await server.host.setPeer(server.iface.name, peerSpecOf(peer, store.peers));
  const conf = renderWgQuickConf(
    buildClientConfig({
      server: { ...server.iface, publicEndpoint: unwrap(parseEndpoint(`${srvAddr}:${PORT}`)) },
      peer,
      privateKey: keys.privateKey,
      presharedKey: store.peers.revealPresharedKey(peer.id),
    }),
  );
  const confPath = join(rig.dir, `${rig.name(`c${n}`)}.conf`);
  writeFileSync(confPath, conf, { mode: 0o600 });
  await rig.exec(ns, 'wg-quick', ['up', confPath]);
  return { ns, peer, address };
}

/** Pushed events as they came, with a way to wait for one. */
export class Recorder {
  readonly all: { at: number; name: EventName; payload: unknown }[] = [];

  push<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.all.push({ at: Date.now(), name, payload });
  }

  /** Every 'peers.stats' entry for one peer, oldest first, with when it arrived. */
  stats(peerId: number): (PeerStats & { arrived: number })[] {
    const events = this.all.filter((e) => e.name === 'peers.stats');
    // Pushes are deltas (shared/contract/stats-push.ts): decoded from the first.
    return readPushes(events.map((e) => e.payload as EventPayload<'peers.stats'>)).flatMap(
      (push, i) =>
        push.peers
          .filter((p) => p.id === peerId)
          .map((p) => ({ ...p, arrived: events[i]?.at ?? 0 })),
    );
  }

  /** Waits for a pushed stats entry of the peer that satisfies `pred`; returns it. */
  async waitStats(
    peerId: number,
    pred: (s: PeerStats) => boolean,
    timeoutMs: number,
    label: string,
    since = 0,
  ): Promise<PeerStats & { arrived: number }> {
    let found: (PeerStats & { arrived: number }) | undefined;
    await waitFor(
      () => {
        found = this.stats(peerId).find((s) => s.arrived >= since && pred(s));
        return found !== undefined;
      },
      timeoutMs,
      label,
      20,
    );
    if (found === undefined) throw new Error(`no ${label}`);
    return found;
  }
}

/** When the server's kernel first shows a handshake (or absence) for a key: the test's own 20 ms watch. */
export async function watchKernel(
  server: Server,
  publicKey: string,
  pred: (p: { latestHandshake: number | null } | undefined) => boolean,
  timeoutMs: number,
  label: string,
): Promise<number> {
  await waitFor(
    async () => {
      const dump = await server.host.readInterface(server.iface.name);
      return pred(dump.peers.find((p) => p.publicKey === publicKey));
    },
    timeoutMs,
    label,
    20,
  );
  return Date.now();
}

/** A continuous ping from a namespace; stop() returns the unix ms of every reply. */
export function pingForever(ns: string, target: string): { stop: () => Promise<number[]> } {
  const child = spawn('ip', ['netns', 'exec', ns, 'ping', '-D', '-n', '-i', '0.05', target], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    async stop() {
      if (child.pid !== undefined) child.kill('SIGINT');
      await closed;
      return [...out.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from/gm)].map((m) =>
        Math.round(Number(m[1]) * 1000),
      );
    },
  };
}
