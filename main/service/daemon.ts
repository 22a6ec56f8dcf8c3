// `wgdesk service`: the engine as a root daemon. It owns the database, runs
// every duty that must not stop with a window (the poll, device limits,
// timed reconnects, history), brings back at start every server the admin
// left up, and answers the window, the CLI and the browser. Its tunnels are
// not its children: stopping it leaves every interface running.
import { AppError } from '../../shared/errors';
import { changesOnly, Runner } from '../host/exec';
import { LocalHost } from '../host/local';
import { readPolicy, type Policy } from '../host/policy';
import { locateTools } from '../host/tools';
import { openRuntime, stderrLog, type Runtime } from '../runtime';
import { rendererDir } from '../serve/renderer-dir';
import { startServer, type RunningServer } from '../serve/server';
import { loadToken } from '../serve/token';
import { grantAccess, readAdmins } from './admins';
import { listenLocal, type LocalApi } from './local-api';
import { WGDESK_VERSION } from './version';

export interface ServiceOptions {
  readonly dataDir: string;
  readonly socket: string;
  readonly config: string;
  readonly admins: string;
  /** Run every command inside this network namespace (tests; router boxes that keep WireGuard in one). */
  readonly netns?: string;
  readonly pollIntervalMs?: number;
}

export interface RunningService {
  readonly runtime: Runtime;
  readonly api: LocalApi;
  readonly policy: Policy;
  /** Re-reads the admins file and applies it to the socket (SIGHUP). */
  reload(): Promise<void>;
  /** Stops answering and polling; the tunnels stay up. */
  close(): Promise<void>;
}

export async function startService(opts: ServiceOptions): Promise<RunningService> {
  if (process.getuid?.() !== 0) {
    throw new AppError('PermissionDenied', 'wgdesk service runs as root (systemd starts it so)');
  }
  const log = changesOnly((line) =>
    process.stderr.write(`${line}
`),
  );
  const policy = readPolicy(opts.config);
  const runner = new Runner({
    tools: locateTools(),
    log,
    ...(opts.netns === undefined ? {} : { netns: opts.netns }),
  });
  let browser: RunningServer | null = null;
  const browserUrl = (): { url: string | null; reason: string | null } =>
    browser !== null
      ? { url: browser.url(), reason: null }
      : {
          url: null,
          reason: `the browser UI is off: set browser = on in ${opts.config} and restart the service`,
        };
  const runtime = await openRuntime({
    browserUrl,
    dataDir: opts.dataDir,
    host: new LocalHost(runner, { configFile: opts.config }),
    live: true,
    engine: 'service',
    log: stderrLog,
    ...(opts.pollIntervalMs === undefined
      ? {}
      : { monitor: { pollIntervalMs: opts.pollIntervalMs } }),
  });
  let admins: string[] = [];
  const secure = async (path: string): Promise<void> => {
    admins = await grantAccess(path, readAdmins(opts.admins), log);
  };
  let api: LocalApi;
  try {
    api = await listenLocal({
      path: opts.socket,
      router: runtime.router,
      events: runtime.events,
      log: stderrLog,
      version: WGDESK_VERSION,
      secure,
    });
  } catch (e) {
    await runtime.close();
    throw e;
  }
  // Kept root-only in the data directory: a tab and a bookmark survive a restart.
  const token = loadToken(opts.dataDir, 'browser.token');
  if (policy.browser) {
    try {
      browser = await startServer({
        router: runtime.router,
        events: runtime.events,
        staticDir: rendererDir(),
        bindAddress: '127.0.0.1',
        port: policy.browserPort,
        token: () => token,
        log: stderrLog,
      });
    } catch (e) {
      await api.close();
      await runtime.close();
      throw e;
    }
  }
  log(
    `[wgdesk] service ${WGDESK_VERSION} on ${opts.socket}; admins: ${admins.join(', ') || '(root only)'}`,
  );
  return {
    runtime,
    api,
    policy,
    reload: () => secure(opts.socket),
    close: async () => {
      await browser?.close();
      await api.close();
      await runtime.close();
    },
  };
}
