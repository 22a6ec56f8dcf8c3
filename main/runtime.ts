// The composition root: the one place that knows which store, host, handlers
// and router make up a running wgdesk. Every entry point (the Electron shell,
// `wgdesk serve`, `wgdesk api`) opens one runtime and puts a transport on it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineKind } from '../shared/domain';
import { AppError } from '../shared/errors';
import { createHandlers } from './api/compose';
import { createEventHub, type EventHub } from './api/event-hub';
import { createRouter, type ErrorLog, type Router } from './api/router';
import { Runner, type CommandLogger } from './host/exec';
import type { Host } from './host/host';
import { LocalHost } from './host/local';
import { isRunning } from './host/secret-file';
import { requireTrusted } from './host/strict';
import { locateTools } from './host/tools';
import { createContext, createServices } from './services';
import { BackupService } from './services/backup/service';
import { NOT_ROOT_REASON, UnprivilegedHost } from './host/unprivileged';
import { HelperHost } from './host/helper-client';
import type { MonitorOptions } from './services';
import {
  createStore,
  KeyFileSource,
  LOCAL_HOST_ID,
  openDatabase,
  schemaVersion,
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
  /**
   * Which engine this is (default 'cli'). The service's records its pid in
   * the data directory, and any other runtime refuses that directory while
   * the service lives (two engines on one database would fight over every
   * interface).
   */
  readonly engine?: EngineKind;
  /** The service's answer to system.browserUrl (it starts its browser UI after the runtime). */
  readonly browserUrl?: () => { url: string | null; reason: string | null };
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
  // Root reads the key and the database, and runs what they say: another
  // user who could write them would have root (sshd's StrictModes rule).
  if (process.getuid?.() === 0) requireTrusted(trustedFiles(opts.dataDir));
  claim(opts.dataDir, opts.engine);
  const keySource = opts.keySource ?? keyFileSource(opts.dataDir);
  const dataKey = await keySource.load();
  const db = openDatabase(join(opts.dataDir, 'wgdesk.db'));
  try {
    const store = createStore(db, dataKey, { now });
    const host = opts.host ?? defaultHost(opts.commandLog);
    const events = createEventHub(log);
    const ctx = createContext({ store, host, hostId: LOCAL_HOST_ID, now, events: events.emit });
    const services = createServices(ctx, opts.monitor);
    const backups = new BackupService({
      store,
      dataDir: opts.dataDir,
      dataKey,
      now,
      schema: () => schemaVersion(db),
    });
    const router = createRouter(
      (caller) =>
        createHandlers(
          {
            services,
            host,
            engine: opts.engine ?? 'cli',
            ...(opts.browserUrl === undefined ? {} : { browserUrl: opts.browserUrl }),
            backups,
          },
          caller,
        ),
      {
        log,
        validateResults: opts.validateResults ?? false,
      },
    );
    if (opts.live === true) {
      for (const r of await services.startup()) {
        if (r.outcome === 'failed') {
          log(`startup: interface ${r.name} was not brought in line`, r.error);
        }
      }
      services.start();
      backups.start(60_000, (e) => log('scheduled backup failed', e));
    }
    return {
      dataDir: opts.dataDir,
      router,
      events,
      store,
      host,
      keyDescription: keySource.description,
      close: async () => {
        backups.stop();
        await services.stop();
        if (opts.engine === 'service') rmSync(join(opts.dataDir, SERVICE_PID), { force: true });
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

/** The service's pid, in its data directory while it runs. */
export const SERVICE_PID = 'service.pid';

/** The live service's pid recorded in `dataDir`, or null. */
export function servicePidIn(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SERVICE_PID), 'utf8').trim();
  } catch {
    return null;
  }
  if (!/^[0-9]+$/.test(text)) return null;
  const pid = Number(text);
  // A pid left by a service killed with -9 names no process: not a claim.
  return isRunning(pid) ? pid : null;
}

function claim(dataDir: string, engine: RuntimeOptions['engine']): void {
  const pid = servicePidIn(dataDir);
  if (pid !== null && pid !== process.pid) {
    throw new AppError(
      'Conflict',
      `the wgdesk service (pid ${pid}) runs on ${dataDir}: go through it ` +
        '(wgdesk api does when --data-dir is left out) instead of opening its database again',
      'dataDir',
    );
  }
  if (engine === 'service') {
    writeFileSync(join(dataDir, SERVICE_PID), `${process.pid}\n`, { mode: 0o644 });
  }
}

/**
 * Everything in the data directory that root reads: the directory, the data
 * key and the database with its WAL files. Anything else there is left alone.
 */
function trustedFiles(dataDir: string): string[] {
  const names = readdirSync(dataDir).filter((n) => n === 'data.key' || n.startsWith('wgdesk.db'));
  return [dataDir, ...names.map((n) => join(dataDir, n))];
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
