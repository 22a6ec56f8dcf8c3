// One connection to a box: ssh up, the bridge's first line read, then the
// service's own conversation (ServiceClient over the SSH channel). Every way
// this can fail becomes one AppError whose message says what happened in the
// admin's terms: which key changed, whose login was refused, what the box's
// wgdesk said.
import { AppError, ERROR_KINDS, type ErrorKind } from '../../shared/errors';
import { CONTRACT_VERSION } from '../../shared/wire';
import { formatBoxAddress } from '../../shared/validate/box-address';
import { ServiceClient } from '../service/client';
import type { Ask, Asked } from './askpass';
import { HostKeyChanged, scan } from './host-keys';
import { spawnSsh, type SshLinkOptions, type SshProcess } from './ssh';

/** How long ssh, the login and the bridge's first line may take together. */
const FIRST_LINE_TIMEOUT_MS = 45_000;

export interface BoxLink {
  readonly client: ServiceClient;
  readonly ssh: SshProcess;
  /** The box's wgdesk version, from the bridge's first line. */
  readonly wgdesk: string;
  close(): Promise<void>;
}

export async function openLink(o: SshLinkOptions, ask: Ask): Promise<BoxLink> {
  const ssh = await spawnSsh(o, ask);
  const kill = (): void => {
    if (ssh.child.exitCode === null) ssh.child.kill('SIGTERM');
  };
  try {
    const first = await firstLine(ssh);
    if (first === null) throw await sshFailure(o, ssh);
    const wgdesk = bridgeHello(first, formatBoxAddress(o.address));
    const client = await ServiceClient.over(ssh.stream, {
      path: formatBoxAddress(o.address),
      client: 'wgdesk-desktop',
    });
    return {
      client,
      ssh,
      wgdesk,
      async close() {
        kill();
        await ssh.exited;
      },
    };
  } catch (e) {
    kill();
    throw e;
  }
}

/** The bridge's first line, or null when ssh ended without one. */
function firstLine(ssh: SshProcess): Promise<string | null> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => finish(null), FIRST_LINE_TIMEOUT_MS);
    const finish = (line: string | null): void => {
      clearTimeout(timer);
      ssh.stream.off('data', onData);
      resolve(line);
    };
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl === -1) return;
      // The bridge says nothing more until our hello; anything else is the service's.
      const rest = text.slice(nl + 1);
      finish(text.slice(0, nl));
      if (rest !== '') ssh.stream.unshift(Buffer.from(rest, 'utf8'));
    };
    ssh.stream.on('data', onData);
    void ssh.exited.then(() => finish(null));
  });
}

/** The bridge's first line: its hello (the box's version), or its refusal as an AppError. */
export function bridgeHello(line: string, box: string): string {
  let m: unknown;
  try {
    m = JSON.parse(line);
  } catch {
    m = null;
  }
  if (isRecord(m) && m['type'] === 'refused' && isRecord(m['error'])) {
    const kind = m['error']['kind'];
    const message = m['error']['message'];
    if (typeof kind === 'string' && typeof message === 'string' && isKind(kind)) {
      throw new AppError(kind, `${box}: ${message}`);
    }
  }
  if (!isRecord(m) || m['type'] !== 'bridge' || typeof m['contract'] !== 'number') {
    throw new AppError(
      'Incompatible',
      `${box} did not answer as wgdesk bridge: is wgdesk installed there, and is the key's ` +
        'forced command "wgdesk bridge"?',
    );
  }
  const version = typeof m['wgdesk'] === 'string' ? m['wgdesk'] : '?';
  if (m['contract'] !== CONTRACT_VERSION) {
    throw new AppError(
      'Incompatible',
      `${box} runs wgdesk ${version} (contract ${m['contract']}) and this desktop speaks ` +
        `contract ${CONTRACT_VERSION}: install the same wgdesk version on both`,
    );
  }
  return version;
}

/** Why ssh ended before the bridge spoke, from its stderr and the prompts it showed. */
async function sshFailure(o: SshLinkOptions, ssh: SshProcess): Promise<AppError> {
  await ssh.exited;
  const err = ssh.stderr();
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/.test(err)) {
    const now = await scan(o.address).catch(() => null);
    if (now) return new HostKeyChanged(o.address, o.pinned, now);
  }
  return classify(err, ssh.askpass.asked, formatBoxAddress(o.address));
}

/** ssh's diagnostics in the admin's words (pure: tested on its own). */
export function classify(stderr: string, asked: readonly Asked[], box: string): AppError {
  if (/Permission denied/.test(stderr)) {
    // A passphrase was given, and no password after it: ssh could not use the key.
    const answered = (kind: string): boolean => asked.some((p) => p.kind === kind && p.answered);
    if (answered('passphrase') && !answered('password')) {
      return new AppError(
        'PermissionDenied',
        `${box}: the key's passphrase was wrong, or the key is not authorized there`,
      );
    }
    return new AppError('PermissionDenied', `${box} refused the login (${lastLine(stderr)})`);
  }
  if (/Host key verification failed/.test(stderr)) {
    return new AppError('Conflict', `${box}: its host key does not match the pinned one`);
  }
  if (/Connection refused/.test(stderr)) {
    return new AppError('HostUnreachable', `${box}: no SSH server answers there`);
  }
  if (/timed out|No route to host|Network is unreachable|not responding/.test(stderr)) {
    return new AppError('HostUnreachable', `${box} cannot be reached (${lastLine(stderr)})`);
  }
  return new AppError('HostUnreachable', `${box}: ssh failed (${lastLine(stderr) || 'no output'})`);
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isKind(k: string): k is ErrorKind {
  return (ERROR_KINDS as readonly string[]).includes(k);
}
