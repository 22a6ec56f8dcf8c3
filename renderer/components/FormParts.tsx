import { useTranslation } from 'react-i18next';

/** A form's error that belongs to no field (a Conflict, a kernel refusal), announced when it appears. */
export function FormError({ message }: { readonly message: string | null }) {
  if (message === null) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

interface FooterProps {
  readonly onCancel: () => void;
  readonly busy: boolean;
  /** What the submit button does ("Create", "Delete alice"); "Working…" while busy. */
  readonly submitLabel: string;
  /** Red, for what cannot be undone or cuts someone off. */
  readonly danger?: boolean;
  /** Which button has focus when the dialog opens: the safe one for destructive dialogs. */
  readonly focus?: 'cancel' | 'submit';
}

/** Cancel and submit, the footer of every dialog that asks for one action. */
export function SubmitFooter({ onCancel, busy, submitLabel, danger, focus }: FooterProps) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" onClick={onCancel} autoFocus={focus === 'cancel'}>
        {t('common.cancel')}
      </button>
      <button
        type="submit"
        className={danger === true ? 'primary danger-fill' : 'primary'}
        disabled={busy}
        autoFocus={focus === 'submit'}
      >
        {busy ? t('common.working') : submitLabel}
      </button>
    </>
  );
}
