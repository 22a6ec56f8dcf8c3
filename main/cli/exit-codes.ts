import { ERROR_KINDS, type ErrorKind } from '../../shared/errors';

/**
 * The exit status of `wgdesk api` for each error kind: scripts branch on the
 * number, people read the kind printed on stderr. Fixed forever: a kind's
 * number never changes; a new kind gets the next free number. 2 is also the
 * status of a command-line usage error (that is invalid input too). 1 is left
 * for failures outside wgdesk's control (node itself, a crash before start).
 */
export const EXIT_CODES: { readonly [K in ErrorKind]: number } = {
  InvalidInput: 2,
  NotFound: 3,
  Conflict: 4,
  PermissionDenied: 5,
  HelperUnavailable: 6,
  WireGuardUnavailable: 7,
  HostUnreachable: 8,
  CommandFailed: 9,
  Timeout: 10,
  Incompatible: 11,
  Internal: 12,
  Damaged: 13,
};

export const EXIT_OK = 0;

/** The kind an exit status stands for, if any (the inverse of EXIT_CODES). */
export function kindOfExitCode(code: number): ErrorKind | undefined {
  return ERROR_KINDS.find((k) => EXIT_CODES[k] === code);
}
