import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CONNECTION_EVENTS, type ConnectionEvent } from '../../../shared/domain';
import { toClientError } from '../../api/errors';
import { useApp, useClient } from '../../app/context';
import { downloadText } from '../../app/download';
import { FormError } from '../../components/FormParts';
import { SelectField } from '../../components/Select';
import { ConnectionTable } from '../peer/ConnectionTable';
import { ANY_TIME, ExportButton, TimeRangeFields, useTimeBounds } from './LogFilters';
import { useLog } from './use-log';

/** Filters as the contract takes them: absent means "any". */
function filterParams(event: string, userId: string, bounds: { since?: number; until?: number }) {
  const p: { event?: ConnectionEvent; userId?: number; since?: number; until?: number } = {
    ...bounds,
  };
  const ev = CONNECTION_EVENTS.find((e) => e === event);
  if (ev !== undefined) p.event = ev;
  if (userId !== '') p.userId = Number(userId);
  return p;
}

export function ConnectionLog(): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const users = useApp((s) => s.users);
  const reportError = useApp((s) => s.reportError);
  const [event, setEvent] = useState('');
  const [userId, setUserId] = useState('');
  const [range, setRange] = useState(ANY_TIME);
  const filters = filterParams(event, userId, useTimeBounds(range));
  const { entries, error } = useLog('connections.list', { ...filters, limit: 500 });

  // Main writes the CSV of what the filters select, beyond the 500 rows shown.
  const exportCsv = (): void => {
    client.call('connections.csv', filters).then(
      (f) => downloadText(f.filename, f.text, 'text/csv'),
      (e: unknown) => reportError(toClientError(e)),
    );
  };

  return (
    <>
      <div className="filter-bar">
        <SelectField
          label={t('logs.kind')}
          value={event}
          options={[
            { value: '', label: t('logs.anyKind') },
            ...CONNECTION_EVENTS.map((e) => ({ value: e, label: t(`logs.kinds.${e}`) })),
          ]}
          onChange={setEvent}
        />
        {users !== null && (
          <SelectField
            label={t('logs.user')}
            value={userId}
            options={[
              { value: '', label: t('logs.anyUser') },
              ...users.map((u) => ({ value: String(u.id), label: u.name })),
            ]}
            onChange={setUserId}
          />
        )}
        <TimeRangeFields value={range} onChange={setRange} />
        <ExportButton label={t('logs.exportConnections')} onClick={exportCsv} />
      </div>
      <FormError message={error} />
      <ConnectionTable entries={entries} showPeer />
    </>
  );
}
