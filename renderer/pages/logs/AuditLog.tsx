import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView } from '../../../shared/contract';
import { toClientError } from '../../api/errors';
import { useApp, useClient } from '../../app/context';
import { downloadText } from '../../app/download';
import { useFormatters } from '../../app/format';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/Field';
import { auditPairs, auditTarget } from '../../lib/audit';
import { auditCsv, parseLocalDateTime } from '../../lib/csv';
import { FormError } from '../../components/FormParts';

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
  const client = useClient();
  const logsVersion = useApp((s) => s.logsVersion);
  const [targetType, setTargetType] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [entries, setEntries] = useState<readonly AuditEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const p: { targetType?: string; since?: number; until?: number; limit: number } = {
      limit: 1000,
    };
    if (targetType.trim() !== '') p.targetType = targetType.trim();
    const s = parseLocalDateTime(since);
    if (s !== undefined) p.since = s;
    const u = parseLocalDateTime(until);
    if (u !== undefined) p.until = u;
    client.call('audit.list', p).then(
      (r) => live && (setEntries(r), setError(null)),
      (e: unknown) => live && setError(toClientError(e).message),
    );
    return () => {
      live = false;
    };
  }, [client, targetType, since, until, logsVersion]);

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
        <TextField
          label={t('logs.since')}
          type="datetime-local"
          value={since}
          onChange={setSince}
        />
        <TextField
          label={t('logs.until')}
          type="datetime-local"
          value={until}
          onChange={setUntil}
        />
        <button
          type="button"
          className="filter-action"
          aria-label={t('logs.exportAudit')}
          onClick={exportCsv}
          disabled={entries === null || entries.length === 0}
        >
          <Icon name="download" />
          {t('logs.export')}
        </button>
      </div>
      <FormError message={error} />
      {entries === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty">{t('logs.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('logs.time')}</th>
                <th scope="col">{t('logs.actor')}</th>
                <th scope="col">{t('logs.action')}</th>
                <th scope="col">{t('logs.target')}</th>
                <th scope="col">{t('logs.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{f.dateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td className="mono">{e.action}</td>
                  <td>{auditTarget(e.targetType, e.targetId, e.details)}</td>
                  <AuditDetails details={e.details} none={f.none} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
