import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Tabs } from '../../components/Tabs';
import { AuditLog } from './AuditLog';
import { ConnectionLog } from './ConnectionLog';

type Tab = 'connections' | 'audit';

/** The connection log (who connected, who was cut and why) and the audit log (who changed what). */
export function LogsPage(): ReactNode {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('connections');
  return (
    <main className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title">{t('logs.title')}</h1>
      </header>
      <Tabs
        label={t('logs.tabs')}
        idPrefix="logs"
        tabs={[
          { id: 'connections', label: t('logs.connections') },
          { id: 'audit', label: t('logs.audit') },
        ]}
        selected={tab}
        onSelect={setTab}
      />
      <div
        role="tabpanel"
        id={`logs-panel-${tab}`}
        aria-labelledby={`logs-tab-${tab}`}
        className="tab-panel"
      >
        {tab === 'connections' ? <ConnectionLog /> : <AuditLog />}
      </div>
    </main>
  );
}
