/**
 * A real OpenVPN 2.6 server and real clients inside one of the rig's
 * namespaces, over UDP on its loopback. No CA: the server trusts the clients'
 * certificate fingerprints and they trust its (peer-fingerprint mode);
 * certificates are self-signed with openssl here. The management interface is
 * a Unix socket in the rig's directory with a password file, so the test
 * process reaches it through the file system as wgdesk would. Every daemon is
 * started with --writepid and killed by that pid when the file ends.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
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

export class OpenVpnLab {
  readonly socket: string;
  readonly password = 'mgmt "pass" word';
  readonly #rig: Rig;
  readonly #ns: string;
  readonly #dir: string;
  readonly #pids = new Set<number>();
  #server: Cert | null = null;
  #serverPid: number | null = null;

  constructor(rig: Rig, ns: string) {
    this.#rig = rig;
    this.#ns = ns;
    this.#dir = rig.dir;
    this.socket = join(rig.dir, 'ovpn-mgmt.sock');
    writeFileSync(join(rig.dir, 'ovpn-mgmt.pw'), `${this.password}\n`, { mode: 0o600 });
    writeFileSync(join(rig.dir, 'ovpn-openssl.cnf'), OPENSSL_CONF);
    after(() => this.cleanup());
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

  /** Starts the server trusting these clients; resolves once its management socket is there. */
  async startServer(clients: readonly Cert[]): Promise<void> {
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
      `management ${this.socket} unix ${join(this.#dir, 'ovpn-mgmt.pw')}`,
      'keepalive 1 5',
      'verb 3',
    ].join('\n');
    writeFileSync(join(this.#dir, 'ovpn-server.conf'), `${conf}\n`);
    this.#serverPid = await this.#daemon('ovpn-server', [
      '--config',
      join(this.#dir, 'ovpn-server.conf'),
    ]);
    await waitFor(() => existsSync(this.socket), 10_000, 'the management socket');
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
  }

  async cleanup(): Promise<void> {
    for (const pid of this.#pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.#pids.clear();
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
