/**
 * A real OpenVPN 2.6 server and real clients inside one of the rig's
 * namespaces, over UDP on its loopback. No CA: the server trusts the clients'
 * certificate fingerprints and they trust its (peer-fingerprint mode);
 * certificates are self-signed with openssl here. The management interface is
 * a Unix socket in the rig's directory with a password file, so the test
 * process reaches it through the file system as wgdesk would; or, with
 * `management: 'tcp'`, TCP on the namespace's 127.0.0.1 (see tcpRelay()).
 *
 * Every daemon is started with --writepid and killed by that pid in the rig's
 * cleanup (registered with rig.onCleanup, which runs whether the lab was made
 * in a test, a before hook or at the top level), and with SIGKILL when the
 * test process exits without that cleanup having run.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor, type Rig } from '../rig';

const run = promisify(execFile);

export interface Cert {
  readonly name: string;
  readonly crt: string;
  readonly key: string;
  readonly fingerprint: string;
}

export interface OpenVpnClient {
  readonly name: string;
  /** The client's own log, as OpenVPN wrote it (verb 4). */
  log(): string;
  stop(): Promise<void>;
}

const OPENSSL_CONF = `[req]
distinguished_name = dn
prompt = no
string_mask = utf8only
utf8 = yes
[dn]
CN = $ENV::LAB_CN
`;

export interface ServerOptions {
  /** The management interface: the Unix socket (default), or TCP on the namespace's 127.0.0.1. */
  readonly management?: 'unix' | 'tcp';
}

/** The management port inside the lab's namespace (its own loopback: no clash with other runs). */
export const MANAGEMENT_PORT = 7505;

/**
 * Run by `node -e` inside the namespace for one relayed connection: joins its
 * stdin/stdout to the management port, and exits when either side closes.
 */
const PIPE = `const s = require('node:net').connect(Number(process.argv[1]), '127.0.0.1');
process.stdin.pipe(s); s.pipe(process.stdout);
process.stdin.on('end', () => s.end());
s.on('close', () => process.exit(0)); s.on('error', () => process.exit(1));`;

export class OpenVpnLab {
  readonly socket: string;
  readonly password = 'mgmt "pass" word';
  readonly #rig: Rig;
  readonly #ns: string;
  readonly #dir: string;
  /** Every process started, by pid: daemons (read from their pid files) and relay pipes. */
  readonly #pids = new Set<number>();
  /** Daemons' pid files, known before they start: one whose pid was never read is still killed. */
  readonly #pidFiles = new Set<string>();
  readonly #relays: Server[] = [];
  readonly #onExit = (): void => void this.#killAll();
  #server: Cert | null = null;
  #serverPid: number | null = null;

  constructor(rig: Rig, ns: string) {
    this.#rig = rig;
    this.#ns = ns;
    this.#dir = rig.dir;
    this.socket = join(rig.dir, 'ovpn-mgmt.sock');
    writeFileSync(join(rig.dir, 'ovpn-mgmt.pw'), `${this.password}\n`, { mode: 0o600 });
    writeFileSync(join(rig.dir, 'ovpn-openssl.cnf'), OPENSSL_CONF);
    rig.onCleanup(() => this.cleanup());
    // The last resort: the runner killed or the file's hooks never reached.
    process.once('exit', this.#onExit);
  }

  /** A self-signed certificate; `cn` may hold anything, CR/LF included. */
  async cert(name: string, cn = name): Promise<Cert> {
    const crt = join(this.#dir, `${name}.crt`);
    const key = join(this.#dir, `${name}.key`);
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        crt,
        '-days',
        '2',
        '-config',
        join(this.#dir, 'ovpn-openssl.cnf'),
      ],
      { env: { ...process.env, LAB_CN: cn } },
    );
    const { stdout } = await run('openssl', [
      'x509',
      '-in',
      crt,
      '-noout',
      '-fingerprint',
      '-sha256',
    ]);
    return { name, crt, key, fingerprint: stdout.trim().split('=')[1] ?? '' };
  }

  /** Starts the server trusting these clients; resolves once its management interface listens. */
  async startServer(clients: readonly Cert[], o: ServerOptions = {}): Promise<void> {
    this.#server ??= await this.cert('ovpn-server');
    const s = this.#server;
    const conf = [
      'dev tun',
      'proto udp4',
      'local 127.0.0.1',
      'port 1194',
      'topology subnet',
      'server 10.99.0.0 255.255.255.0',
      'dh none',
      `cert ${s.crt}`,
      `key ${s.key}`,
      '<peer-fingerprint>',
      ...clients.map((c) => c.fingerprint),
      '</peer-fingerprint>',
      o.management === 'tcp'
        ? `management 127.0.0.1 ${MANAGEMENT_PORT} ${join(this.#dir, 'ovpn-mgmt.pw')}`
        : `management ${this.socket} unix ${join(this.#dir, 'ovpn-mgmt.pw')}`,
      'keepalive 1 5',
      'verb 3',
    ].join('\n');
    writeFileSync(join(this.#dir, 'ovpn-server.conf'), `${conf}\n`);
    this.#serverPid = await this.#daemon('ovpn-server', [
      '--config',
      join(this.#dir, 'ovpn-server.conf'),
    ]);
    const listening =
      o.management === 'tcp'
        ? () =>
            this.serverLog().includes(
              `TCP Socket listening on [AF_INET]127.0.0.1:${MANAGEMENT_PORT}`,
            )
        : () => existsSync(this.socket);
    await waitFor(listening, 10_000, 'the management interface');
  }

  /**
   * A port on the test process's own 127.0.0.1 that leads to the server's TCP
   * management port: the test process (wgdesk) lives in the root namespace and
   * the server in the lab's. A fixture, not a fake: each connection is relayed
   * byte for byte by a `node` inside the namespace, so wgdesk's TCP client
   * talks to OpenVPN's real TCP management interface and its password file.
   */
  async tcpRelay(): Promise<number> {
    const relay = createServer((sock) => {
      const pipe = spawn(
        'ip',
        ['netns', 'exec', this.#ns, process.execPath, '-e', PIPE, String(MANAGEMENT_PORT)],
        {
          stdio: ['pipe', 'pipe', 'ignore'],
        },
      );
      const pid = pipe.pid;
      if (pid !== undefined) this.#pids.add(pid);
      sock.pipe(pipe.stdin);
      pipe.stdout.pipe(sock);
      sock.on('error', () => undefined);
      pipe.stdin.on('error', () => undefined);
      sock.on('close', () => pipe.kill('SIGKILL'));
      pipe.on('exit', () => {
        if (pid !== undefined) this.#pids.delete(pid);
        sock.destroy();
      });
    });
    this.#relays.push(relay);
    await new Promise<void>((resolve, reject) => {
      relay.once('error', reject);
      relay.listen(0, '127.0.0.1', resolve);
    });
    const address = relay.address();
    if (address === null || typeof address === 'string') throw new Error('the relay has no port');
    return address.port;
  }

  /** SIGTERM to the server, and waits until it is gone (its socket too). */
  async stopServer(): Promise<void> {
    const pid = this.#serverPid;
    if (pid === null) return;
    await this.#kill(pid);
    this.#serverPid = null;
  }

  serverLog(): string {
    return readFileSync(join(this.#dir, 'ovpn-server.log'), 'latin1');
  }

  async startClient(c: Cert): Promise<OpenVpnClient> {
    const s = this.#server;
    if (s === null) throw new Error('start the server first');
    const conf = [
      'client',
      'dev tun',
      'proto udp4',
      'remote 127.0.0.1 1194',
      'nobind',
      `cert ${c.crt}`,
      `key ${c.key}`,
      `peer-fingerprint ${s.fingerprint}`,
      'ifconfig-noexec',
      'route-noexec',
      'verb 4',
    ].join('\n');
    const path = join(this.#dir, `${c.name}.conf`);
    writeFileSync(path, `${conf}\n`);
    const pid = await this.#daemon(c.name, ['--config', path]);
    return {
      name: c.name,
      log: () => readFileSync(join(this.#dir, `${c.name}.log`), 'latin1'),
      stop: () => this.#kill(pid),
    };
  }

  async #daemon(name: string, args: string[]): Promise<number> {
    const pidFile = join(this.#dir, `${name}.pid`);
    const log = join(this.#dir, `${name}.log`);
    this.#pidFiles.add(pidFile);
    await this.#rig.exec(this.#ns, 'openvpn', [
      ...args,
      '--writepid',
      pidFile,
      '--log',
      log,
      '--daemon',
    ]);
    await waitFor(
      () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '',
      5_000,
      `${name}'s pid`,
    );
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    this.#pids.add(pid);
    return pid;
  }

  async #kill(pid: number): Promise<void> {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await waitFor(() => !alive(pid), 10_000, `openvpn ${pid} to exit`);
    this.#pids.delete(pid);
    // Its pid may be handed to another process now: not to be killed again from the file.
    for (const f of this.#pidFiles) if (readPid(f) === pid) this.#pidFiles.delete(f);
  }

  /** Kills every process the lab started, by pid, and waits until they are gone. */
  async cleanup(): Promise<void> {
    for (const r of this.#relays.splice(0)) r.close();
    const pids = this.#killAll();
    process.removeListener('exit', this.#onExit);
    await waitFor(() => pids.every((p) => !alive(p)), 5_000, 'the lab processes to exit');
  }

  /** Synchronous, so that it also works from process.on('exit'). Returns the pids signalled. */
  #killAll(): number[] {
    for (const file of this.#pidFiles) {
      const pid = readPid(file);
      if (pid !== null && isOpenVpn(pid)) this.#pids.add(pid);
    }
    const pids = [...this.#pids];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.#pids.clear();
    return pids;
  }
}

function isOpenVpn(pid: number): boolean {
  try {
    return (
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.endsWith('openvpn') === true
    );
  } catch {
    return false;
  }
}

function readPid(file: string): number | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return /^[1-9][0-9]*$/.test(text) ? Number(text) : null;
  } catch {
    return null; // never written: the daemon did not get that far
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
