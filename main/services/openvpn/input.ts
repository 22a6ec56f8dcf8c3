// An attach request checked again inside the engine (the contract checks its
// shape first): the password must be sendable as one management line, the
// socket path absolute and short enough for sockaddr_un, TCP on loopback.
import { invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { passwordLine } from '../../openvpn/command';
import type { AttachInput } from './service';

/** sun_path is 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH = 107;

export function checkAttach(input: AttachInput): AttachInput {
  // eslint-disable-next-line no-control-regex
  if (!/^[^\u0000-\u001f\u007f]{1,64}$/u.test(input.name)) {
    throw invalidInput(
      'name',
      'must be 1 to 64 characters without control characters',
      problem('text_1_64', {}),
    );
  }
  const a = input.address;
  if (a.kind === 'unix') {
    if (!a.path.startsWith('/') || Buffer.byteLength(a.path) > MAX_SOCKET_PATH) {
      throw invalidInput(
        'address.path',
        `must be an absolute path of at most ${MAX_SOCKET_PATH} bytes`,
        problem('socket_path', { max: MAX_SOCKET_PATH }),
      );
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(a.path)) {
      throw invalidInput(
        'address.path',
        'must not contain control characters',
        problem('no_control_chars', {}),
      );
    }
  } else if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65_535) {
    throw invalidInput('address.port', 'must be 1 to 65535', problem('port_range', {}));
  } else if (a.host !== '127.0.0.1' && a.host !== '::1') {
    throw invalidInput(
      'address.host',
      'must be 127.0.0.1 or ::1: the management protocol is cleartext',
      problem('loopback_only', {}),
    );
  }
  if (input.password !== null) passwordLine(input.password);
  return input;
}

/** An identity as OpenVPN prints it: any text but control characters. */
export function checkIdentity(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 256 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw invalidInput(
      'identity',
      'must be 1 to 256 characters, no control characters',
      problem('text_1_256', {}),
    );
  }
  return name;
}
