import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../../app/download';
import { useFormatters } from '../../app/format';
import { TextField } from '../../components/Field';
import { FormError } from '../../components/FormParts';
import { ListTable } from '../../components/ListTable';
import { useApp } from '../../app/context';
import {
  auditDetails,
  auditSentence,
  auditTargetName,
  type Names,
  type ValueWords,
} from '../../lib/log-words';
import { auditCsv } from '../../lib/csv';
import { ANY_TIME, ExportButton, TimeRangeFields, useTimeBounds } from './LogFilters';
import { useLog } from './use-log';

/** Names for the ids in audit details: the servers and users the window has. */
export function useNames(): Names {
  const interfaces = useApp((s) => s.interfaces);
  const users = useApp((s) => s.users);
  return useMemo(
    () => ({
      server: (id) => interfaces?.find((i) => i.id === id)?.name,
      user: (id) => users?.find((u) => u.id === id)?.name,
    }),
    [interfaces, users],
  );
}

export function AuditLog(): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const names = useNames();
  const words: ValueWords = {
    locale: f.locale,
    none: f.none,
    yes: t('peer.yes'),
    no: t('peer.no'),
    dateTime: f.dateTime,
  };
  const [targetType, setTargetType] = useState('');
  const [range, setRange] = useState(ANY_TIME);
  const target = targetType.trim();
  const bounds = useTimeBounds(range);
  const { entries, error } = useLog('audit.list', {
    ...(target === '' ? {} : { targetType: target }),
    ...bounds,
    limit: 1000,
  });

  // What is on screen (up to 1,000 entries) is what gets exported.
  const exportCsv = (): void => {
    if (entries === null) return;
    downloadText('wgdesk-audit.csv', auditCsv(entries), 'text/csv');
  };

  return (
    <>
      <div className="filter-bar">
        <TextField
          label={t('logs.target')}
          value={targetType}
          onChange={setTargetType}
          placeholder={t('logs.targetHint')}
        />
        <TimeRangeFields value={range} onChange={setRange} />
        <ExportButton
          label={t('logs.exportAudit')}
          onClick={exportCsv}
          disabled={entries === null || entries.length === 0}
        />
      </div>
      <FormError message={error} />
      <ListTable
        items={entries}
        empty={t('logs.empty')}
        columns={[
          { label: t('logs.time') },
          { label: t('logs.actor') },
          { label: t('logs.action') },
          { label: t('logs.target') },
          { label: t('logs.details') },
        ]}
        row={(e) => {
          const name = auditTargetName(t, e, names);
          return (
            <tr key={e.id}>
              <td className="nowrap">{f.dateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>{auditSentence(t, e.action, name)}</td>
              <td>{name}</td>
              <td className="details-cell">
                {auditDetails(t, e.details, names, words).join(' · ')}
              </td>
            </tr>
          );
        }}
      />
    </>
  );
}
