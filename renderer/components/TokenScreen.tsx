import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

/**
 * `wgdesk serve` refused this page: no token in its address, or one that
 * `--new-token` revoked. Nothing else can work, so this is the whole page —
 * one statement, one thing to do — instead of a banner over a page stuck on
 * "Loading…" with buttons that cannot answer. serve's own close reason is not
 * repeated: it says "wrong token" even when there was none.
 */
export function TokenScreen(): ReactNode {
  const { t } = useTranslation();
  return (
    <main className="error-screen" aria-labelledby="token-title">
      <div className="error-card">
        <Icon name="warning" />
        <h1 id="token-title">{t('window.token.title')}</h1>
        <p>{t('window.token.body')}</p>
        <p className="fix">{t('window.token.fix')}</p>
      </div>
    </main>
  );
}
