/**
 * The closed set of error kinds that cross every boundary (contract, helper
 * protocol, CLI exit codes). The UI branches on `kind` and shows `message`; it
 * never parses message text.
 */
export const ERROR_KINDS = [
  'InvalidInput',
  'NotFound',
  'Conflict',
  'PermissionDenied',
  'HelperUnavailable',
  'WireGuardUnavailable',
  'HostUnreachable',
  'CommandFailed',
  'Timeout',
  'Incompatible',
  'Internal',
  /** The database file is damaged (quick_check failed, truncated): restore a backup. */
  'Damaged',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** What an error looks like on the wire: a kind, a message for people, and the offending field. */
export interface WireError {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly field?: string;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | undefined;

  constructor(kind: ErrorKind, message: string, field?: string) {
    super(message);
    this.name = `AppError(${kind})`;
    this.kind = kind;
    this.field = field;
  }

  toWire(): WireError {
    return this.field === undefined
      ? { kind: this.kind, message: this.message }
      : { kind: this.kind, message: this.message, field: this.field };
  }
}

export function invalidInput(field: string, problem: string): AppError {
  return new AppError('InvalidInput', `${field}: ${problem}`, field);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Exhaustiveness guard for switches over closed unions. */
export function missingCase(x: never): never {
  throw new AppError('Internal', `unhandled case: ${JSON.stringify(x)}`);
}
