import {
  useEffect,
  useId,
  useRef,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

const TABBABLE =
  'button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/**
 * Tab from the last control goes to the first, Shift+Tab from the first to
 * the last. A modal <dialog> keeps focus from the page behind it, but
 * Chromium lets Tab leave it for the browser's own toolbar once per cycle.
 */
function trapTab(e: KeyboardEvent<HTMLDialogElement>): void {
  if (e.key !== 'Tab') return;
  const all = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    // An unchecked radio is not a Tab stop: its group is reached by its checked one.
    (el) =>
      !el.matches(':disabled, input[type=radio]:not(:checked)') && el.getClientRects().length > 0,
  );
  const first = all[0];
  const last = all[all.length - 1];
  if (first === undefined || last === undefined) return;
  const at = document.activeElement;
  if (e.shiftKey && (at === first || !e.currentTarget.contains(at))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && at === last) {
    e.preventDefault();
    first.focus();
  }
}

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
    // What had focus before (the button that opened us) gets it back when the
    // dialog goes: the owner unmounts us without close(), so the platform's
    // own focus restore never runs and focus would fall to <body>.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const d = ref.current;
    if (d !== null && !d.open) d.showModal();
    return () => {
      if (opener !== null && opener.isConnected) opener.focus();
    };
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
      onKeyDown={trapTab}
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
