// The app of the lifecycle tests: the monitor tests' real server and clients,
// with an engine clock the test moves (quota periods, expiry) instead of waiting.
import { createContext, createServices, type Services } from '../../../main/services';
import { LOCAL_HOST_ID } from '../../../main/store';
import type { Rig } from '../rig';
import { openApp, serverHost, startServer, type App, type Server } from '../monitor/net';

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

export async function lifecycleApp(rig: Rig, pollIntervalMs: number): Promise<Lifecycle> {
  const at = await serverHost(rig);
  const app = await openApp(rig, at.host);
  const server = await startServer(rig, at, app.store);
  const clock = new Clock();
  const build = (): Services =>
    createServices(
      createContext({
        store: app.store,
        host: at.host,
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
