import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientError } from '../api/errors';
import { Icon } from './Icon';

type ScreenKind = 'WireGuardUnavailable' | 'HelperUnavailable' | 'HostUnreachable';

function screenKind(e: ClientError): ScreenKind {
  switch (e.kind) {
    case 'WireGuardUnavailable':
    case 'HelperUnavailable':
    case 'HostUnreachable':
      return e.kind;
    default:
      // Only the blocking kinds reach this screen (store/errors.ts); anything
      // else would be a bug, and the helper screen is the closest advice.
      return 'HelperUnavailable';
  }
}

/** A machine-level problem: what is wrong, what to do about it, and main's own words. */
export function ErrorScreen({
  error,
  onRetry,
}: {
  error: ClientError;
  onRetry: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const kind = screenKind(error);
  return (
    <main className="error-screen" aria-labelledby="error-title">
      <div className="error-card">
        <Icon name="warning" />
        <h1 id="error-title">{t(`errors.${kind}.title`)}</h1>
        <p>{t(`errors.${kind}.body`)}</p>
        <p className="fix">{t(`errors.${kind}.fix`)}</p>
        <p className="detail">{t('errors.detail', { message: error.message })}</p>
        <button type="button" className="primary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      </div>
    </main>
  );
}
