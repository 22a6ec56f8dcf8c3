// Commands for OpenVPN's management interface, built only here. The interface
// reads one command per line and splits it into words the way OpenVPN's
// parse_line() does (whitespace separates, double quotes group, a backslash
// escapes), so a session's name placed on a line could end the command early
// (a space), start a second one (CR or LF) or become another keyword. So no
// name ever goes on a line: every command is one of a closed set of verbs
// whose only arguments are checked integers (a session is named by its client
// id), and the one free-text line, the password, refuses control characters.
import { AppError, invalidInput } from '../../shared/errors';
import { problem } from '../../shared/problems';

/** A management command as it goes on the wire, without its line ending. */
export type CommandLine = string & { readonly __command: unique symbol };

/** Client ids are OpenVPN's unsigned long counters. */
const MAX_CID = Number.MAX_SAFE_INTEGER;

// C0 controls, DEL and the C1 range: a CR or LF ends the command; the others
// have no business in a name and would be written to OpenVPN's log as-is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

function cid(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0 || id > MAX_CID) {
    throw invalidInput('clientId', 'must be a non-negative integer', problem('client_id', {}));
  }
  return String(id);
}

function line(text: string): CommandLine {
  // Belt and braces: no builder here can produce one, and none may.
  if (/[\r\n]/.test(text)) throw new AppError('Internal', 'a management command spans lines');
  return text as CommandLine;
}

/** `status 3`: the client list, tab-separated, ending with END. */
export function statusCommand(): CommandLine {
  return line('status 3');
}

/** `client-kill CID`: ends one session; the client is told to restart (its log says so). */
export function clientKillCommand(clientId: number): CommandLine {
  return line(`client-kill ${cid(clientId)}`);
}

/**
 * The management password, answered to the ENTER PASSWORD prompt. OpenVPN
 * reads it as one raw line; a password with a line break would be cut there
 * and the rest read as a command.
 */
export function passwordLine(password: string): CommandLine {
  if (CONTROL.test(password)) {
    throw invalidInput(
      'password',
      'must not contain control characters',
      problem('no_control_chars', {}),
    );
  }
  if (password.length === 0 || password.length > 256) {
    throw invalidInput('password', 'must be 1 to 256 characters', problem('text_1_256', {}));
  }
  return line(password);
}

/** Whether a command answers with lines up to END (status) or with one SUCCESS/ERROR line. */
export function answersWithBlock(command: CommandLine): boolean {
  return command.startsWith('status');
}
