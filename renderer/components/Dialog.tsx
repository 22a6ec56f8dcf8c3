import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

interface Props {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Buttons at the bottom; when `onSubmit` is given the body is a form and Enter submits. */
  readonly footer?: ReactNode;
  readonly onSubmit?: () => void;
  readonly wide?: boolean;
}

/**
 * A modal built on the native <dialog>: showModal() gives focus trapping, the
 * inert background, Escape to close and the dialog role for free, the way the
 * platform's own dialogs behave.
 */
export function Dialog({ title, onClose, children, footer, onSubmit, wide }: Props): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();

  useEffect(() => {
    const d = ref.current;
    if (d !== null && !d.open) d.showModal();
  }, []);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onSubmit?.();
  };

  const body = (
    <>
      <header className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.closeDialog', { title })}
          onClick={onClose}
        >
          <Icon name="x" />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer !== undefined && <footer className="dialog-foot">{footer}</footer>}
    </>
  );

  return (
    <dialog
      ref={ref}
      className={wide === true ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      // Escape fires `cancel`; let the owner decide (it unmounts us).
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {onSubmit !== undefined ? (
        <form onSubmit={submit} noValidate>
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}
