import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../../shared/contract';
import { useActions } from '../../app/use-action';
import { useApp } from '../../app/context';

/** The head of a server's settings and history pages: the title, and the way to its other pages. */
export function ServerPageHead({
  iface,
  title,
}: {
  iface: InterfaceView;
  title: string;
}): ReactNode {
  const { t } = useTranslation();
  const { openServer } = useActions();
  const navigate = useApp((s) => s.navigate);
  return (
    <header className="page-head">
      <h1 id="page-title">{title}</h1>
      <nav className="toolbar" aria-label={t('serverPages.nav', { name: iface.name })}>
        <button type="button" onClick={() => openServer(iface.id)}>
          {t('serverPages.peers')}
        </button>
        <button
          type="button"
          onClick={() => navigate({ page: 'server-settings', interfaceId: iface.id })}
        >
          {t('serverPages.settings')}
        </button>
        <button
          type="button"
          onClick={() => navigate({ page: 'server-history', interfaceId: iface.id })}
        >
          {t('serverPages.history')}
        </button>
      </nav>
    </header>
  );
}
