// The app of the lifecycle tests: the monitor tests' real server and clients,
// with an engine clock the test moves (quota periods, expiry) instead of waiting.
import { spawn } from 'node:child_process';
import { createContext, createServices, type Services } from '../../../main/services';
import { LOCAL_HOST_ID } from '../../../main/store';
import type { LocalHost } from '../../../main/host/local';
import type { ObservedInterface } from '../../../main/wireguard';
import type { Rig } from '../rig';
import {
  openApp,
  serverHost,
  startServer,
  watchKernel,
  type App,
  type Server,
} from '../monitor/net';

/** Real time plus an offset the test moves forward. */
export class Clock {
  offset = 0;
  readonly now = (): number => Date.now() + this.offset;
}

export interface Lifecycle {
  readonly app: App;
  readonly server: Server;
  readonly clock: Clock;
  services: Services;
  /** A new engine on the same database, as after a restart. */
  restart(): Promise<void>;
}

/**
 * The engine's host with the test's clock applied to the kernel's handshake
 * stamps too. The engine compares handshakes (the kernel's wall time) with
 * its own clock; moving only the engine's clock would age every real
 * handshake by the jump and make live clients look stale. Shifting both by
 * the same offset makes a jump a stretch of time in which nothing happened:
 * cool-downs, periods and expiries run out, and a client's session is as old
 * as it really is. Every other operation is the real host's.
 */
export function clockedHost(host: LocalHost, clock: Clock): LocalHost {
  return new Proxy(host, {
    get(target, prop) {
      if (prop === 'readDump') {
        return async () => shiftDump(await target.readDump(), clock.offset);
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function shiftDump(
  dump: ReadonlyMap<string, ObservedInterface>,
  offsetMs: number,
): ReadonlyMap<string, ObservedInterface> {
  const s = Math.round(offsetMs / 1000);
  const out = new Map<string, ObservedInterface>();
  for (const [name, iface] of dump) {
    const peers = iface.peers.map((p) =>
      p.latestHandshake === null ? p : { ...p, latestHandshake: p.latestHandshake + s },
    );
    out.set(name, { ...iface, peers });
  }
  return out;
}

/**
 * `clockedHandshakes`: the engine reads the kernel's handshakes on the test's
 * clock (clockedHost), for tests that move the clock while real clients keep
 * their sessions.
 */
export async function lifecycleApp(
  rig: Rig,
  pollIntervalMs: number,
  clockedHandshakes = false,
): Promise<Lifecycle> {
  const at = await serverHost(rig);
  const app = await openApp(rig, at.host);
  const server = await startServer(rig, at, app.store);
  const clock = new Clock();
  const host = clockedHandshakes ? clockedHost(at.host, clock) : at.host;
  const build = (): Services =>
    createServices(
      createContext({
        store: app.store,
        host,
        hostId: LOCAL_HOST_ID,
        now: clock.now,
        events: (name, payload) => app.events.push(name, payload),
      }),
      { pollIntervalMs },
    );
  const out: Lifecycle = {
    app,
    server,
    clock,
    services: build(),
    restart: async () => {
      await out.services.stop();
      out.services = build();
    },
  };
  return out;
}

/**
 * Pings the server from `ns` at ~160 KB/s until the server's kernel no longer
 * holds `publicKey` (a quota cut), then stops them. At that rate each 10 % of
 * the tests' 1 MB quota takes ~0.6 s, several polls, so a loaded machine still
 * reads one between 90 % and 100 % (at 0.005 s apart, 10 % took 0.2 s, and a
 * slow poll went from 80 % to the cut, which gives no 90 % warning: the cut
 * says more). The cut may take 30 s.
 */
export async function floodUntilCut(
  server: Server,
  ns: string,
  publicKey: string,
  label: string,
): Promise<void> {
  const flood = spawn(
    'ip',
    ['netns', 'exec', ns, 'ping', '-q', '-s', '1200', '-i', '0.015', '10.66.0.1'],
    { stdio: 'ignore' },
  );
  try {
    await watchKernel(server, publicKey, (p) => p === undefined, 30_000, label);
  } finally {
    flood.kill();
  }
}
