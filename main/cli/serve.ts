import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { invalidInput } from '../../shared/errors';
import { err, ok, type Result } from '../../shared/result';
import { changesOnly } from '../host/exec';
import { Desk } from '../remote/desk';
import { openRuntime, stderrLog } from '../runtime';
import { exposureRefusal, isLoopback } from '../serve/guard';
import { rendererDir } from '../serve/renderer-dir';
import { startServer } from '../serve/server';
import { loadToken } from '../serve/token';
import { fail, type Outcome } from './output';

/** A fixed default, so an SSH tunnel command can be written down once: ssh -L 7420:127.0.0.1:7420. */
export const DEFAULT_PORT = 7420;

export interface ServeFlags {
  readonly host: string | undefined;
  readonly port: string | undefined;
  readonly pollInterval?: string | undefined;
  readonly dataDir: string;
  /** Revoke the stored token (every open tab is refused) and make a new one. */
  readonly newToken?: boolean;
  /** PEM files: serve HTTPS and WSS instead of plain HTTP. */
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  /** Plain HTTP on a non-loopback address: the admin says the network is trusted. */
  readonly insecurePlainHttp?: boolean;
  /**
   * Manage other machines' wgdesk over SSH from this page. Asked for, never
   * implied: it lets whoever holds the page's token make this process open
   * SSH links with its user's agent and key files, which a serve started on a
   * server (as root, for a tunnel) should not do unless the admin says so.
   */
  readonly boxes?: boolean;
}

/** Where the browser token lives, in the data directory. */
const TOKEN_FILE = 'serve.token';

/** `wgdesk serve`: runs until SIGINT/SIGTERM. */
export async function serve(flags: ServeFlags): Promise<Outcome> {
  const port = flags.port === undefined ? DEFAULT_PORT : Number(flags.port);
  if (!/^[0-9]{1,5}$/.test(flags.port ?? '0') || port > 65_535) {
    return fail(
      invalidInput('port', `must be a whole number from 0 to 65535, not ${flags.port}`).toWire(),
    );
  }
  const pollSeconds = flags.pollInterval === undefined ? 1 : Number(flags.pollInterval);
  // Under 0.25 s the dump of a big server would overlap the next; over a minute
  // "online" (a handshake within 180 s) would lag by more than it means.
  if (
    !/^[0-9]+(\.[0-9]+)?$/.test(flags.pollInterval ?? '1') ||
    pollSeconds < 0.25 ||
    pollSeconds > 60
  ) {
    return fail(
      invalidInput(
        'poll-interval',
        `must be a number of seconds from 0.25 to 60, not ${flags.pollInterval}`,
      ).toWire(),
    );
  }
  const bindAddress = flags.host ?? '127.0.0.1';
  if (isIP(bindAddress) === 0) {
    // An IP, not a name: a name could resolve to something else tomorrow.
    return fail(invalidInput('host', `must be an IP address, not ${bindAddress}`).toWire());
  }
  const tls = readTls(flags);
  if (!tls.ok) return fail(tls.error.toWire());
  // Refused before anything opens; startServer checks the same again for its other callers.
  const exposed = exposureRefusal(
    bindAddress,
    tls.value === undefined ? 'http' : 'https',
    flags.insecurePlainHttp === true,
  );
  if (exposed !== undefined) return fail(exposed.toWire());
  if (!isLoopback(bindAddress) && tls.value === undefined) {
    process.stderr.write(
      `wgdesk: WARNING: serving on ${bindAddress}, not only on loopback. Anyone who can reach ` +
        'this address and learns the printed token can change WireGuard on this machine, and ' +
        'the connection is plain HTTP. Prefer the default and an SSH tunnel.\n',
    );
  }
  const runtime = await openRuntime({
    dataDir: flags.dataDir,
    live: true,
    engine: 'serve',
    monitor: { pollIntervalMs: Math.round(pollSeconds * 1000) },
    log: stderrLog,
    commandLog: changesOnly((line) =>
      process.stderr.write(`${line}
`),
    ),
  });
  const desk =
    flags.boxes === true
      ? new Desk({
          dir: join(runtime.dataDir, 'boxes'),
          ...(process.env['SSH_AUTH_SOCK'] === undefined
            ? {}
            : { agentSocket: process.env['SSH_AUTH_SOCK'] }),
        })
      : undefined;
  let server;
  try {
    // Kept across restarts, so open tabs reconnect; --new-token revokes it.
    const token = loadToken(runtime.dataDir, TOKEN_FILE, flags.newToken === true);
    server = await startServer({
      router: runtime.router,
      events: runtime.events,
      staticDir: rendererDir(),
      bindAddress,
      port,
      log: stderrLog,
      token: () => token,
      ...(tls.value === undefined ? {} : { tls: tls.value }),
      insecurePlainHttp: flags.insecurePlainHttp === true,
      ...(desk === undefined ? {} : { desk }),
    });
  } catch (e) {
    await desk?.close();
    await runtime.close();
    if (e instanceof Error && 'code' in e && e.code === 'EADDRINUSE') {
      return fail({ kind: 'Conflict', message: `port ${port} is already in use (try --port)` });
    }
    throw e;
  }
  process.stderr.write(`wgdesk: data in ${runtime.dataDir} (${runtime.keyDescription})\n`);
  process.stderr.write(
    `wgdesk: the token in the URL stays the same across restarts (${TOKEN_FILE} in the data ` +
      'directory); --new-token replaces it and refuses every tab that holds the old one\n',
  );
  if (isLoopback(bindAddress)) {
    process.stderr.write(
      `wgdesk: from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} THIS-HOST, ` +
        'then open the URL there (the same port on both ends: only this Host is accepted)\n',
    );
  }
  // stdout carries only the URL, so a wrapper script can read it.
  process.stdout.write(`${server.url()}\n`);
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void running
        .close()
        .then(() => desk?.close())
        .then(() => runtime.close())
        .then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return { exitCode: 0 };
}

interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

/** The certificate and key, read now so that a wrong path is an error before anything opens. */
function readTls(flags: ServeFlags): Result<TlsFiles | undefined> {
  const { tlsCert, tlsKey } = flags;
  if (tlsCert === undefined && tlsKey === undefined) return ok(undefined);
  if (tlsCert === undefined || tlsKey === undefined) {
    return err(invalidInput('tls', '--tls-cert and --tls-key go together'));
  }
  const cert = readPem('tls-cert', tlsCert);
  if (!cert.ok) return cert;
  const key = readPem('tls-key', tlsKey);
  if (!key.ok) return key;
  return ok({ cert: cert.value, key: key.value });
}

function readPem(flag: string, path: string): Result<string> {
  try {
    return ok(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String(e.code) : String(e);
    return err(invalidInput(flag, `cannot read ${path} (${why})`));
  }
}
