// Where a failed submit's message goes: next to its field when the error names
// one (InvalidInput), at the top of the form otherwise. Pure, tested in Node.

export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>;
  readonly form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

interface ErrorLike {
  readonly kind: string;
  readonly message: string;
  readonly field?: string | undefined;
}

/**
 * "addresses.1" belongs to the addresses field; the message loses its
 * "field: " prefix because it is shown right under that field's label.
 */
export function formErrorsFrom(e: ErrorLike): FormErrors {
  if (e.kind !== 'InvalidInput' || e.field === undefined || e.field === 'params') {
    return { fields: {}, form: e.message };
  }
  const field = e.field.split('.')[0] ?? e.field;
  const prefix = `${e.field}: `;
  const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  return { fields: { [field]: message }, form: null };
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
