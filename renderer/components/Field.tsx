import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface Props {
  readonly label: string;
  readonly hint?: string;
  /** The message for this field, from the shared validators or from main's InvalidInput. */
  readonly error?: string | undefined;
  readonly children: (ids: {
    id: string;
    describedBy: string | undefined;
    invalid: boolean;
  }) => ReactNode;
}

/**
 * A labelled form control with its hint and its error right under it. The
 * error is tied to the control (aria-describedby, aria-invalid) so a screen
 * reader reads it with the field, not somewhere at the top of the form.
 */
export function Field({ label, hint, error, children }: Props): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [hint !== undefined ? hintId : null, error !== undefined ? errorId : null]
      .filter((x) => x !== null)
      .join(' ') || undefined;
  return (
    <div className={error !== undefined ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: error !== undefined })}
      {hint !== undefined && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error !== undefined && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface CheckProps {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}

export function Check({ label, checked, onChange }: CheckProps): ReactNode {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

type InputRest = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>;

/** A text input inside a Field: the common case, in one line at the call site. */
export function TextField(
  props: {
    readonly label: string;
    readonly hint?: string;
    readonly error?: string | undefined;
    readonly value: string;
    readonly onChange: (value: string) => void;
  } & InputRest,
): ReactNode {
  const { label, hint, error, value, onChange, ...rest } = props;
  const fieldProps = hint === undefined ? { label, error } : { label, hint, error };
  return (
    <Field {...fieldProps}>
      {(p) => (
        <input
          spellCheck={false}
          {...rest}
          id={p.id}
          aria-describedby={p.describedBy}
          aria-invalid={p.invalid}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
