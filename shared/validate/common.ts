import { invalidInput } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';

/** Longest string any validator will look at; longer input is refused before parsing. */
export const MAX_TEXT = 256;

/** The first gate of every string validator: a string, one line, trimmed, not empty, not huge. */
export function requireString(value: unknown, field: string, maxLength = MAX_TEXT): Result<string> {
  if (typeof value !== 'string')
    return err(invalidInput(field, 'must be a string', problem('not_text', {})));
  if (value.length > maxLength) {
    return err(
      invalidInput(
        field,
        `is too long (at most ${maxLength} characters)`,
        problem('too_long', { max: maxLength }),
      ),
    );
  }
  // A line break anywhere is refused, not trimmed away: in a .conf it starts a new line.
  if (/[\r\n\0]/.test(value)) {
    return err(
      invalidInput(
        field,
        'must be a single line (no CR, LF or NUL characters)',
        problem('single_line', {}),
      ),
    );
  }
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed === '') return err(invalidInput(field, 'must not be empty', problem('empty', {})));
  return ok(trimmed);
}

// A run of base64 this long could be (part of) a key pasted into the wrong field.
const KEYISH = /[A-Za-z0-9+/=]{16,}/g;

/**
 * Shows a bad value in an error without letting it break the message, flood a
 * log, or leak a secret: a private key pasted into the wrong field must not
 * come back in the error, so long base64 runs are hidden.
 */
export function quote(value: string): string {
  return JSON.stringify(shown(value));
}

/** The same, without the quotes: a coded problem's `value`, quoted by each language its own way. */
export function shown(value: string): string {
  const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return cut.replace(KEYISH, '(hidden)');
}
