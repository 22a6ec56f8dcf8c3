import type { ReactNode } from 'react';
import { Field } from './Field';

/** A labelled <select> inside a Field, with its error under it. */
export function SelectField<T extends string>(props: {
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly onChange: (value: T) => void;
}): ReactNode {
  const { label, hint, error, value, options, onChange } = props;
  const fieldProps = hint === undefined ? { label, error } : { label, hint, error };
  return (
    <Field {...fieldProps}>
      {(p) => (
        <select
          id={p.id}
          aria-describedby={p.describedBy}
          aria-invalid={p.invalid}
          value={value}
          onChange={(e) => {
            const next = options.find((o) => o.value === e.target.value);
            if (next !== undefined) onChange(next.value);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
