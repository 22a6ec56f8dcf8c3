import { invalidInput } from '../errors';
import { err, ok, type Result } from '../result';

/** Longest string any validator will look at; longer input is refused before parsing. */
export const MAX_TEXT = 256;

/** The first gate of every string validator: a string, one line, trimmed, not empty, not huge. */
export function requireString(value: unknown, field: string, maxLength = MAX_TEXT): Result<string> {
  if (typeof value !== 'string') return err(invalidInput(field, 'must be a string'));
  if (value.length > maxLength) {
    return err(invalidInput(field, `is too long (at most ${maxLength} characters)`));
  }
  // A line break anywhere is refused, not trimmed away: in a .conf it starts a new line.
  if (/[\r\n\0]/.test(value)) {
    return err(invalidInput(field, 'must be a single line (no CR, LF or NUL characters)'));
  }
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed === '') return err(invalidInput(field, 'must not be empty'));
  return ok(trimmed);
}

/** Shows a bad value in an error without letting it break the message or flood a log. */
export function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}
