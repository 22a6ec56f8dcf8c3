import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../../app/download';
import { useFormatters } from '../../app/format';
import { TextField } from '../../components/Field';
import { FormError } from '../../components/FormParts';
import { ListTable } from '../../components/ListTable';
import { auditPairs, auditTarget } from '../../lib/audit';
import { auditCsv, timeBounds } from '../../lib/csv';
import { ANY_TIME, ExportButton, TimeRangeFields } from './LogFilters';
import { useLog } from './use-log';

/** Readable pairs, one line; every pair on its own line in the tooltip. */
function AuditDetails({
  details,
  none,
}: {
  details: Readonly<Record<string, unknown>>;
  none: string;
}): ReactNode {
  const pairs = auditPairs(details, none);
  return (
    <td className="details-cell" title={pairs.join('\n')}>
      {pairs.join(' · ')}
    </td>
  );
}

export function AuditLog(): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const [targetType, setTargetType] = useState('');
  const [range, setRange] = useState(ANY_TIME);
  const target = targetType.trim();
  const { entries, error } = useLog('audit.list', {
    ...(target === '' ? {} : { targetType: target }),
    ...timeBounds(range),
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
        row={(e) => (
          <tr key={e.id}>
            <td className="nowrap">{f.dateTime(e.at)}</td>
            <td>{e.actor}</td>
            <td className="mono">{e.action}</td>
            <td>{auditTarget(e.targetType, e.targetId, e.details)}</td>
            <AuditDetails details={e.details} none={f.none} />
          </tr>
        )}
      />
    </>
  );
}
