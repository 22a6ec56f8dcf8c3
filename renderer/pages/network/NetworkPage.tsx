import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleView } from '../../../shared/contract/methods/network';
import { useApp } from '../../app/context';
import { Confirm } from '../../components/Confirm';
import { Icon } from '../../components/Icon';
import { PageMessage } from '../../components/PageMessage';
import { serverById } from '../../store/interfaces';
import { ExplainForm } from './ExplainForm';
import { useRuleText } from './labels';
import { RuleDialog } from './RuleDialog';
import { RulesTable } from './RulesTable';
import { SettingsForm } from './SettingsForm';
import { useNetwork } from './use-network';

/** What the page has open over it: a rule's form (null rule = new) or a delete to confirm. */
type Open = { kind: 'form'; rule: RuleView | null } | { kind: 'delete'; rule: RuleView } | null;

/** One server's network settings, its access rules with their counters, and "explain". */
export function NetworkPage({ interfaceId }: { interfaceId: number }): ReactNode {
  const { t } = useTranslation();
  const iface = useApp((s) => serverById(s, interfaceId));
  const navigate = useApp((s) => s.navigate);
  const { view, error } = useNetwork(interfaceId);
  const { ruleName } = useRuleText();
  const [open, setOpen] = useState<Open>(null);

  if (iface === undefined || (view === null && error === null)) {
    return <PageMessage text={t('common.loading')} />;
  }
  if (view === null) return <PageMessage text={error ?? ''} />;
  const close = (): void => setOpen(null);
  return (
    <main className="page" aria-labelledby="page-title">
      <header className="page-head">
        <div className="title-block">
          <h1 id="page-title">{t('network.title', { name: iface.name })}</h1>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => navigate({ page: 'peers', interfaceId })}>
            <Icon name="back" />
            {t('network.back', { name: iface.name })}
          </button>
        </div>
      </header>
      {error !== null && <p className="form-error">{error}</p>}
      <div className="columns">
        <section className="card" aria-labelledby="rules-title">
          <div className="card-head">
            <h2 id="rules-title">{t('network.rules')}</h2>
            <button
              type="button"
              className="primary"
              onClick={() => setOpen({ kind: 'form', rule: null })}
            >
              <Icon name="plus" />
              {t('network.addRule')}
            </button>
          </div>
          <p className="hint">{t('network.rulesHint')}</p>
          <RulesTable
            serverName={iface.name}
            rules={view.rules}
            onEdit={(rule) => setOpen({ kind: 'form', rule })}
            onDelete={(rule) => setOpen({ kind: 'delete', rule })}
          />
        </section>
        <div>
          <SettingsForm view={view} />
          <ExplainForm interfaceId={interfaceId} rules={view.rules} />
        </div>
      </div>
      {open?.kind === 'form' && (
        <RuleDialog interfaceId={interfaceId} rule={open.rule} onClose={close} />
      )}
      {open?.kind === 'delete' && (
        <Confirm
          title={t('network.deleteTitle', { name: ruleName(open.rule) })}
          submitLabel={t('network.deleteRule')}
          focus="cancel"
          work={(a) => a.deleteRule(open.rule.id)}
          onClose={close}
        >
          <p>{t('network.deleteText')}</p>
        </Confirm>
      )}
    </main>
  );
}
