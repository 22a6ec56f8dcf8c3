// Where a failed submit's message goes: next to its field when the error names
// one (InvalidInput), at the top of the form otherwise. Pure, tested in Node.
import type { Problem } from '../../shared/problems';

export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>;
  readonly form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

interface ErrorLike {
  readonly kind: string;
  readonly message: string;
  readonly field?: string | undefined;
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly fieldProblems?: Readonly<Record<string, Problem>> | undefined;
  readonly problem?: Problem | undefined;
}

/** Words main's coded problem in the page's language; null keeps main's message. */
export type WordProblem = (p: Problem | undefined) => string | null;

/** Puts where it is wrong (a field no form shows, like a file's line) before what is wrong. */
export type WordPlace = (field: string, p: Problem | undefined, text: string) => string;

/** Kinds whose named field is where the admin must look: bad input, or a clash with what exists. */
const ON_FIELD: ReadonlySet<string> = new Set(['InvalidInput', 'Conflict']);

/** "addresses.1" belongs to the addresses field. */
const formField = (field: string): string => field.split('.')[0] ?? field;

/** Every named field's problem, keyed by the form field it belongs to. */
function problemsOf(
  e: ErrorLike,
  word: WordProblem,
  place: WordPlace,
): Record<string, string> | null {
  if (e.fields !== undefined) {
    const fields: Record<string, string> = {};
    for (const [f, problem] of Object.entries(e.fields)) {
      const coded = e.fieldProblems?.[f];
      fields[formField(f)] ??= place(f, coded, word(coded) ?? problem);
    }
    return fields;
  }
  if (e.field === undefined || e.field === 'params') return null;
  const prefix = `${e.field}: `;
  const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  return { [formField(e.field)]: place(e.field, e.problem, word(e.problem) ?? message) };
}

/**
 * Each named field's problem goes under that field (all of them at once when
 * main found several), without its "field: " prefix since it is shown right
 * under that field's label. An error naming no field goes to the top of the
 * form, and so does one naming a field the form does not show (`shown`), so
 * no message is ever lost.
 */
export function formErrorsFrom(
  e: ErrorLike,
  shown?: ReadonlySet<string>,
  word: WordProblem = () => null,
  place: WordPlace = (_field, _p, text) => text,
): FormErrors {
  const problems = ON_FIELD.has(e.kind) ? problemsOf(e, word, place) : null;
  if (problems === null) return { fields: {}, form: word(e.problem) ?? e.message };
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [f, problem] of Object.entries(problems)) {
    if (shown === undefined || shown.has(f)) fields[f] = problem;
    else elsewhere.push(problem);
  }
  return { fields, form: elsewhere.length > 0 ? elsewhere.join(' ') : null };
}

/** "10.0.0.0/24, 10.1.0.0/24" → ["10.0.0.0/24", "10.1.0.0/24"]; blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Empty text is "not set" (null, as the contract's nullable settings take it); otherwise trimmed. */
export function orNull(text: string): string | null {
  const s = text.trim();
  return s === '' ? null : s;
}
