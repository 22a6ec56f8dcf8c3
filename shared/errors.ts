import type { Problem } from './problems';

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
  /**
   * Every field at fault → its problem (without the field's name), when a
   * check found more than one: a form shows them all at once, each under its
   * field, instead of one per submit. `field` is the first of them.
   */
  readonly fields?: Readonly<Record<string, string>>;
  /** Each of `fields` that has one → its problem as a code, worded by the window like `problem`. */
  readonly fieldProblems?: Readonly<Record<string, Problem>>;
  /** The problem as a code and parameters, for the window to word in the admin's language. */
  readonly problem?: Problem;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly fields: Readonly<Record<string, string>> | undefined;
  readonly fieldProblems: Readonly<Record<string, Problem>> | undefined;
  readonly problem: Problem | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    field?: string,
    more?: {
      readonly fields?: Readonly<Record<string, string>> | undefined;
      readonly fieldProblems?: Readonly<Record<string, Problem>> | undefined;
      readonly problem?: Problem | undefined;
    },
  ) {
    super(message);
    this.name = `AppError(${kind})`;
    this.kind = kind;
    this.field = field;
    this.fields = more?.fields;
    this.fieldProblems = more?.fieldProblems;
    this.problem = more?.problem;
  }

  toWire(): WireError {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.fields === undefined ? {} : { fields: this.fields }),
      ...(this.fieldProblems === undefined ? {} : { fieldProblems: this.fieldProblems }),
      ...(this.problem === undefined ? {} : { problem: this.problem }),
    };
  }
}

/** `coded`: the same problem as a code, for the window to word (shared/problems.ts). */
export function invalidInput(field: string, problem: string, coded?: Problem): AppError {
  return new AppError('InvalidInput', `${field}: ${problem}`, field, { problem: coded });
}

/** A clash with what exists, on `field`: `message` whole for the CLI, `coded` for the window. */
export function conflict(field: string, message: string, coded: Problem): AppError {
  return new AppError('Conflict', message, field, { problem: coded });
}

/**
 * Several fields at fault at once (field → problem): the message names them
 * all for the CLI, `field` is the first, `fields` has each on its own.
 * `coded`: those of them that have a code (field → problem), for the window.
 */
export function invalidInputs(
  problems: Readonly<Record<string, string>>,
  coded: Readonly<Record<string, Problem>> = {},
): AppError {
  const entries = Object.entries(problems);
  const [first] = entries;
  if (first === undefined) return invalidInput('params', 'is not valid');
  if (entries.length === 1) return invalidInput(first[0], first[1], coded[first[0]]);
  const message = entries.map(([f, p]) => `${f}: ${p}`).join('; ');
  const fieldProblems = Object.keys(coded).length > 0 ? coded : undefined;
  return new AppError('InvalidInput', message, first[0], { fields: problems, fieldProblems });
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Exhaustiveness guard for switches over closed unions. */
export function missingCase(x: never): never {
  throw new AppError('Internal', `unhandled case: ${JSON.stringify(x)}`);
}
