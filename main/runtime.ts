// The composition root: the one place that knows which store, host, handlers
// and router make up a running wgdesk. Every entry point (the Electron shell,
// `wgdesk serve`, `wgdesk api`) opens one runtime and puts a transport on it.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors';
import { createHandlers } from './api/compose';
import { createEventHub, type EventHub } from './api/event-hub';
import { createRouter, type ErrorLog, type Router } from './api/router';
import { Runner, type CommandLogger } from './host/exec';
import type { Host } from './host/host';
import { LocalHost } from './host/local';
import { locateTools } from './host/tools';
import { createServices } from './services';
import { NOT_ROOT_REASON, UnprivilegedHost } from './host/unprivileged';
import { HelperHost } from './host/helper-client';
import type { ServiceContext } from './services/context';
import { createMonitorServices } from './services/monitor';
import type { MonitorOptions } from './services/monitor/core';
import {
  createStore,
  KeyFileSource,
  LOCAL_HOST_ID,
  openDatabase,
  type DataKeySource,
  type Store,
} from './store';

/** Where the desktop app keeps its data key, wrapped by the OS keychain (main/app/safe-storage-key.ts). */
export const WRAPPED_KEY_FILE = 'data.key.wrapped';

export interface RuntimeOptions {
  readonly dataDir: string;
  /** Default: in-process LocalHost when this process is root, else an UnprivilegedHost
   * that says so. A HelperHost given here is closed with the runtime (the helper exits). */
  readonly host?: Host;
  /** Default: the key file `data.key` in dataDir. */
  readonly keySource?: DataKeySource;
  /** Unexpected errors (stack traces) go here, never to a client. Default: stderr. */
  readonly log?: ErrorLog;
  /** Each command the in-process host runs (`[#] wg set …`). Default: not shown. */
  readonly commandLog?: CommandLogger;
  /** Check every result against the contract (development and tests). */
  readonly validateResults?: boolean;
  /**
   * A long-running runtime (the app, `wgdesk serve`): push the desired state to
   * running interfaces once, then poll them every second. Off for one-shot
   * `wgdesk api` calls. Default false.
   */
  readonly live?: boolean;
  /** Monitor settings (poll interval, history retention); defaults in services/monitor/core.ts. */
  readonly monitor?: Partial<MonitorOptions>;
  readonly now?: () => number;
}

export interface Runtime {
  readonly dataDir: string;
  readonly router: Router;
  readonly events: EventHub;
  readonly store: Store;
  readonly host: Host;
  /** For people: where the data key lives. */
  readonly keyDescription: string;
  /** Stops the monitor (saving the minute in progress) and closes the database. */
  close(): Promise<void>;
}

export const stderrLog: ErrorLog = (context, error) => {
  console.error(`[wgdesk] ${new Date().toISOString()} ${context}:`, error);
};

export async function openRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? stderrLog;
  const now = opts.now ?? Date.now;
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const keySource = opts.keySource ?? keyFileSource(opts.dataDir);
  const dataKey = await keySource.load();
  const db = openDatabase(join(opts.dataDir, 'wgdesk.db'));
  try {
    const store = createStore(db, dataKey, { now });
    const host = opts.host ?? defaultHost(opts.commandLog);
    const events = createEventHub(log);
    const ctx: ServiceContext = { store, host, hostId: LOCAL_HOST_ID, now, events: events.emit };
    const services = createServices(ctx);
    const monitor = createMonitorServices(ctx, opts.monitor);
    const router = createRouter((caller) => createHandlers({ services, monitor, host }, caller), {
      log,
      validateResults: opts.validateResults ?? false,
    });
    if (opts.live === true) {
      for (const r of await services.startup()) {
        if (r.outcome === 'failed') {
          log(`startup: interface ${r.name} was not brought in line`, r.error);
        }
      }
      monitor.start();
    }
    return {
      dataDir: opts.dataDir,
      router,
      events,
      store,
      host,
      keyDescription: keySource.description,
      close: async () => {
        await monitor.stop();
        db.close();
        // The helper finishes what it started, then exits: it never outlives the app.
        if (host instanceof HelperHost) await host.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * The key file, unless the directory belongs to the desktop app: its key is
 * wrapped by the OS keychain, which only Electron can open. Creating a fresh
 * data.key there would seal new secrets with a second key and orphan the rest.
 */
function keyFileSource(dataDir: string): DataKeySource {
  if (!existsSync(join(dataDir, 'data.key')) && existsSync(join(dataDir, WRAPPED_KEY_FILE))) {
    throw new AppError(
      'Incompatible',
      `${dataDir} belongs to the desktop app (its data key is in the OS keychain): ` +
        'open it with the app, or give --data-dir a directory of its own',
      'dataDir',
    );
  }
  return new KeyFileSource(dataDir);
}

/** Root runs operations in-process (a router box); anyone else needs the privileged helper. */
function defaultHost(commandLog: CommandLogger | undefined): Host {
  const tools = locateTools();
  if (process.getuid?.() === 0) {
    return new LocalHost(
      commandLog === undefined ? new Runner({ tools }) : new Runner({ tools, log: commandLog }),
    );
  }
  return new UnprivilegedHost(tools, NOT_ROOT_REASON);
}
