import type { ErrorKind, WireError } from '../../shared/errors';
import type { Problem } from '../../shared/problems';

/**
 * The kinds a call can fail with: the contract's closed set, plus one that only
 * the page can see — the link to main went away before the answer came back
 * (the call may or may not have run).
 */
export type ClientErrorKind = ErrorKind | 'ConnectionLost';

/** What `call` throws when main answers `{ok: false}` or the link breaks. */
export class ClientError extends Error {
  readonly kind: ClientErrorKind;
  /** The contract field the problem is about (InvalidInput), shown next to that field. */
  readonly field: string | undefined;
  /** Every field at fault → its problem, when main found several at once. */
  readonly fields: Readonly<Record<string, string>> | undefined;
  /** Those of `fields` that main sent as a code, worded like `problem`. */
  readonly fieldProblems: Readonly<Record<string, Problem>> | undefined;
  /** The problem as a code, worded in the page's language (lib/problem-words.ts). */
  readonly problem: Problem | undefined;

  constructor(
    kind: ClientErrorKind,
    message: string,
    field?: string,
    fields?: Readonly<Record<string, string>>,
    problem?: Problem,
    fieldProblems?: Readonly<Record<string, Problem>>,
  ) {
    super(message);
    this.name = `ClientError(${kind})`;
    this.kind = kind;
    this.field = field;
    this.fields = fields;
    this.problem = problem;
    this.fieldProblems = fieldProblems;
  }

  static fromWire(e: WireError): ClientError {
    return new ClientError(e.kind, e.message, e.field, e.fields, e.problem, e.fieldProblems);
  }
}

export function isClientError(e: unknown): e is ClientError {
  return e instanceof ClientError;
}

/** Anything caught, as a ClientError: a bug in the page is shown as Internal, not swallowed. */
export function toClientError(e: unknown): ClientError {
  if (e instanceof ClientError) return e;
  return new ClientError('Internal', e instanceof Error ? e.message : String(e));
}
