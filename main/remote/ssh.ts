// The SSH link to a box: the system's OpenSSH client, spawned with an
// argument array. Chosen over the ssh2 package because OpenSSH already does
// everything the link needs and is what admins audit and configure: strict
// host keys against a file, the agent, encrypted keys, keepalives, and every
// key type and cipher the box's sshd offers, all without a new dependency
// running in the engine. ssh's own config files are not read (-F /dev/null):
// the link is exactly what these arguments say.
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { BoxAddress } from '../../shared/validate/box-address';
import { startAskpass, type Ask, type Askpass } from './askpass';
import { hostKeyAlgorithms, type HostKey } from './host-keys';

/** How the far end is started when authorized_keys does not force it. */
export const DEFAULT_REMOTE_COMMAND: readonly string[] = ['wgdesk', 'bridge'];

/** A word the remote shell reads as itself: no quoting, no expansion. */
const PLAIN_WORD = /^[A-Za-z0-9_./=:,+-]+$/;

/** Keepalive: a dead link is noticed after INTERVAL × (COUNT + 1) s at most, about 15 s. */
const ALIVE_INTERVAL_S = 4;
const ALIVE_COUNT = 3;

export interface SshLinkOptions {
  readonly address: BoxAddress;
  /** wgdesk's own known_hosts file. */
  readonly knownHostsFile: string;
  /** The pinned key: ssh accepts only its type, and only that key. */
  readonly pinned: HostKey;
  /** A private key file to offer after the agent's keys. */
  readonly identityFile?: string;
  /** The agent's socket (SSH_AUTH_SOCK); none means no agent. */
  readonly agentSocket?: string;
  readonly remoteCommand?: readonly string[];
  readonly connectTimeoutS?: number;
}

/** ssh's arguments for one link (pure: tested on its own). */
export function sshArgs(o: SshLinkOptions): string[] {
  const command = o.remoteCommand ?? DEFAULT_REMOTE_COMMAND;
  for (const word of command) {
    if (!PLAIN_WORD.test(word)) {
      throw new AppError('InvalidInput', `remote command word ${JSON.stringify(word)}`, 'command');
    }
  }
  const opt = (kv: string): string[] => ['-o', kv];
  return [
    '-F',
    '/dev/null',
    '-T',
    '-x',
    '-a',
    ...opt('ClearAllForwardings=yes'),
    ...opt('StrictHostKeyChecking=yes'),
    ...opt(`UserKnownHostsFile=${o.knownHostsFile}`),
    ...opt('GlobalKnownHostsFile=/dev/null'),
    ...opt(`HostKeyAlgorithms=${hostKeyAlgorithms(o.pinned.type)}`),
    ...opt('UpdateHostKeys=no'),
    ...opt('CheckHostIP=no'),
    ...opt(`ServerAliveInterval=${ALIVE_INTERVAL_S}`),
    ...opt(`ServerAliveCountMax=${ALIVE_COUNT}`),
    ...opt(`ConnectTimeout=${o.connectTimeoutS ?? 10}`),
    ...opt('NumberOfPasswordPrompts=1'),
    ...opt('PreferredAuthentications=publickey,keyboard-interactive,password'),
    ...opt('ControlMaster=no'),
    ...opt('ControlPath=none'),
    ...(o.identityFile === undefined ? [] : ['-i', o.identityFile]),
    '-p',
    String(o.address.port),
    '-l',
    o.address.user,
    '--',
    o.address.host,
    ...command,
  ];
}

/** A running ssh whose stdin/stdout carry the bridge's lines. */
export interface SshProcess {
  readonly child: ChildProcess;
  /** stdin and stdout as one stream; destroyed when ssh exits. */
  readonly stream: Duplex;
  /** ssh's stderr so far (its diagnostics; never a secret: answers go through askpass). */
  stderr(): string;
  readonly askpass: Askpass;
  readonly exited: Promise<number | null>;
}

export async function spawnSsh(o: SshLinkOptions, ask: Ask): Promise<SshProcess> {
  const askpass = await startAskpass(ask);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/',
    SSH_ASKPASS: askpass.program,
    SSH_ASKPASS_REQUIRE: 'force',
    ...(o.agentSocket === undefined ? {} : { SSH_AUTH_SOCK: o.agentSocket }),
  };
  // Its own session: no terminal to ask on, and a Ctrl-C to the engine's group does not cut it.
  const child = spawn('ssh', sshArgs(o), { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    if (err.length < 16_384) err += d;
  });
  const stdin = child.stdin;
  const stdout = child.stdout;
  if (stdin === null || stdout === null) throw new AppError('Internal', 'ssh has no pipes');
  const stream = Duplex.from({ readable: stdout, writable: stdin });
  stream.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code));
  });
  // 'close' comes after stdout's last byte was read: a refusal line is never cut off.
  void exited.then(() => {
    askpass.close();
    stream.destroy();
  });
  return { child, stream, stderr: () => err, askpass, exited };
}
