// Sends one "set=1" request to a wireguard-go interface's control socket and
// reads its errno (issue 17: one peer without starting `wg`; the request is
// built in wireguard/uapi-set.ts). Where the socket is not there or nothing
// listens on it, the caller runs `wg`, whose error then says why.
import { createConnection } from 'node:net';
import { AppError } from '../../shared/errors';
import type { InterfaceName } from '../../shared/validate';
import { uapiErrno } from '../wireguard';
import { UAPI_DIR, UAPI_TIMEOUT_MS, uapiSocket } from './links';

/** An answer is "errno=N" and a blank line: anything longer is not one. */
const MAX_ANSWER = 64;

/**
 * True once wireguard-go answered errno=0; false when no daemon listens on
 * the socket. A refusal (another errno) or a broken answer is an error.
 * `request` holds secrets: it is zeroed whatever happens.
 */
export function setOverSocket(
  name: InterfaceName,
  request: Buffer,
  dir = UAPI_DIR,
): Promise<boolean> {
  const path = uapiSocket(name, dir);
  let answer = '';
  return new Promise<boolean>((resolve, reject) => {
    const socket = createConnection({ path });
    const fail = (why: string) => socket.destroy(new AppError('CommandFailed', `${name}: ${why}`));
    socket.setTimeout(UAPI_TIMEOUT_MS, () => fail('wireguard-go did not answer in time'));
    socket.on('connect', () => socket.end(request));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.length > MAX_ANSWER) fail('wireguard-go answered something unexpected');
    });
    socket.on('end', () => {
      const errno = uapiErrno(answer);
      if (errno === 0) resolve(true);
      else if (errno === null)
        reject(new AppError('CommandFailed', `${name}: no answer from wireguard-go`));
      else
        reject(
          new AppError('CommandFailed', `${name}: wireguard-go refused the peer (errno ${errno})`),
        );
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') resolve(false);
      else
        reject(e instanceof AppError ? e : new AppError('CommandFailed', `${path}: ${e.message}`));
    });
    // Sent, refused or never connected: the socket closes every time.
    socket.on('close', () => request.fill(0));
  });
}
