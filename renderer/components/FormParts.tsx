import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionRunner } from '../app/use-action';
import { useLinkOpen } from './LinkBanner';
import { Dialog } from './Dialog';

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
  readonly danger?: boolean | undefined;
  /** Which button has focus when the dialog opens: the safe one for destructive dialogs. */
  readonly focus?: 'cancel' | 'submit' | undefined;
}

/** Cancel and submit, the footer of every dialog that asks for one action. */
function SubmitFooter({ onCancel, busy, submitLabel, danger, focus }: FooterProps) {
  const { t } = useTranslation();
  const live = useLinkOpen();
  return (
    <>
      <button type="button" onClick={onCancel} autoFocus={focus === 'cancel'}>
        {t('common.cancel')}
      </button>
      <button
        type="submit"
        className={danger === true ? 'primary danger-fill' : 'primary'}
        disabled={busy || !live}
        title={live ? undefined : t('window.stale.actionsOff')}
        autoFocus={focus === 'submit'}
      >
        {busy ? t('common.working') : submitLabel}
      </button>
    </>
  );
}

interface ActionDialogProps extends Omit<FooterProps, 'onCancel' | 'busy'> {
  readonly title: string;
  readonly onClose: () => void;
  readonly onSubmit: () => void;
  /** The runner the submit goes through: the button waits on it, and its form error shows first. */
  readonly action: Pick<ActionRunner, 'busy' | 'errors'>;
  readonly children: ReactNode;
}

/**
 * A dialog that asks for one action: a form (Enter submits), the error that
 * names no field above the fields, Cancel and submit below. A runner that
 * shows its errors as notices never has a form error, so confirmations use it too.
 */
export function ActionDialog({
  title,
  onClose,
  onSubmit,
  action,
  children,
  ...footer
}: ActionDialogProps): ReactNode {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={onSubmit}
      footer={<SubmitFooter onCancel={onClose} busy={action.busy} {...footer} />}
    >
      <FormError message={action.errors.form} />
      {children}
    </Dialog>
  );
}
