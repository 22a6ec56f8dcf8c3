// `wgdesk bridge`: the far end of a desktop's SSH link to this box. It runs as
// the SSH user and speaks the contract on its stdin/stdout by piping it to the
// service's local socket, so the box's own admin list decides who gets in,
// exactly as for a window on the box: no sudo rule, no root login. An
// authorized_keys entry `restrict,command="wgdesk bridge"` gives a key that
// can do nothing else.
//
//   ← {"type":"bridge","wgdesk":V,"contract":N}   once the socket let us in
//   ← {"type":"refused","error":{kind,message}}   instead, then exit
//   → the client's hello (its user replaced by ours), then calls; ← the service's lines
import { existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { AppError, invalidInput, type WireError } from '../../shared/errors';
import { CONTRACT_VERSION, LocalHello } from '../../shared/wire';
import { DEFAULT_CONFIG_FILE } from '../host/policy';
import { currentUser } from '../service/client';
import { DEFAULT_SOCKET } from '../service/local-api';
import { WGDESK_VERSION } from '../service/version';
import { EXIT_CODES, EXIT_OK } from './exit-codes';
import type { Outcome } from './output';

/** What the bridge says first, on success: the desktop checks it before its hello. */
export interface BridgeHello {
  readonly type: 'bridge';
  readonly wgdesk: string;
  readonly contract: number;
}

export async function bridgeCommand(argv: readonly string[]): Promise<Outcome> {
  let socket = DEFAULT_SOCKET;
  let config = DEFAULT_CONFIG_FILE;
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      options: { socket: { type: 'string' }, config: { type: 'string' } },
    });
    socket = values.socket ?? socket;
    config = values.config ?? config;
  } catch (e) {
    return refuse(invalidInput('arguments', e instanceof Error ? e.message : String(e)));
  }
  let service: Socket;
  try {
    service = await open(socket);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    return refuse(bridgeError(code, existsSync(config), currentUser() ?? 'this user'));
  }
  const hello: BridgeHello = { type: 'bridge', wgdesk: WGDESK_VERSION, contract: CONTRACT_VERSION };
  process.stdout.write(`${JSON.stringify(hello)}\n`);
  return pipe(service);
}

/**
 * Why the socket did not let us in, in the words the desktop shows. The
 * service's config file is what an install leaves behind, so its absence
 * tells "never installed" from "installed but stopped".
 */
export function bridgeError(code: string, installed: boolean, user: string): AppError {
  switch (code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
      return installed
        ? new AppError('HostUnreachable', 'the wgdesk service is not running on this box')
        : new AppError('HostUnreachable', 'the wgdesk service is not installed on this box');
    case 'EACCES':
    case 'EPERM':
      return new AppError(
        'PermissionDenied',
        `${user} is not a wgdesk admin on this box: root there can run ` +
          `'sudo wgdesk service admins add ${user}'`,
      );
    default:
      return new AppError('HostUnreachable', `cannot reach the wgdesk service (${code})`);
  }
}

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection(path);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** A hello is a short line; more before its newline is not a hello. */
const MAX_HELLO_CHARS = 4096;

/**
 * The client's first line must be a hello: its `user` becomes the SSH user
 * (the service's audit log names who really called), everything after it
 * flows both ways untouched. pipe() pauses a side whose reader is slow, so a
 * stalled SSH link backs up into the service's per-client queue, which is
 * bounded there (local-api.ts).
 */
function pipe(service: Socket): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (code: number): void => {
      service.destroy();
      process.stdin.destroy();
      resolve({ exitCode: code });
    };
    let head = '';
    const onHead = (chunk: string): void => {
      head += chunk;
      const nl = head.indexOf('\n');
      if (nl === -1 && head.length <= MAX_HELLO_CHARS) return;
      process.stdin.off('data', onHead);
      const hello = LocalHello.safeParse(safeJson(head.slice(0, Math.max(nl, 0))));
      if (nl === -1 || !hello.success) {
        return done(
          refuse(new AppError('InvalidInput', 'the first message must be a hello')).exitCode,
        );
      }
      const client = `bridge:${hello.data.client}`.slice(0, 64);
      // JSON drops an undefined user: the client's own word is never passed on.
      const said = { ...hello.data, client, user: currentUser() };
      service.write(`${JSON.stringify(said)}\n${head.slice(nl + 1)}`);
      // Synchronously after off(): no chunk can fall between the two listeners.
      process.stdin.pipe(service);
      return undefined;
    };
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', onHead);
    process.stdin.once('end', () => service.end());
    service.pipe(process.stdout);
    service.on('error', () => undefined);
    service.once('close', () => done(EXIT_OK));
  });
}

function refuse(error: AppError): Outcome {
  const wire: WireError = { kind: error.kind, message: error.message };
  process.stdout.write(`${JSON.stringify({ type: 'refused', error: wire })}\n`);
  process.stderr.write(`wgdesk: ${error.kind}: ${error.message}\n`);
  return { exitCode: EXIT_CODES[error.kind] };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
