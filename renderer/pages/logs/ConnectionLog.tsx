import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import { CONNECTION_EVENTS, type ConnectionEvent } from '../../../shared/domain';
import { toClientError } from '../../api/errors';
import { useApp, useClient } from '../../app/context';
import { downloadText } from '../../app/download';
import { Icon } from '../../components/Icon';
import { SelectField } from '../../components/Select';
import { TextField } from '../../components/Field';
import { parseLocalDateTime } from '../../lib/csv';
import { ConnectionTable } from '../peer/ConnectionTable';
import { FormError } from '../../components/FormParts';

/** Filters as the contract takes them: absent means "any". */
function filterParams(event: string, userId: string, since: string, until: string) {
  const p: { event?: ConnectionEvent; userId?: number; since?: number; until?: number } = {};
  const ev = CONNECTION_EVENTS.find((e) => e === event);
  if (ev !== undefined) p.event = ev;
  if (userId !== '') p.userId = Number(userId);
  const s = parseLocalDateTime(since);
  if (s !== undefined) p.since = s;
  const u = parseLocalDateTime(until);
  if (u !== undefined) p.until = u;
  return p;
}

export function ConnectionLog(): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const users = useApp((s) => s.users);
  const logsVersion = useApp((s) => s.logsVersion);
  const reportError = useApp((s) => s.reportError);
  const [event, setEvent] = useState('');
  const [userId, setUserId] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [entries, setEntries] = useState<readonly ConnectionEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .call('connections.list', { ...filterParams(event, userId, since, until), limit: 500 })
      .then(
        (r) => live && (setEntries(r), setError(null)),
        (e: unknown) => live && setError(toClientError(e).message),
      );
    return () => {
      live = false;
    };
  }, [client, event, userId, since, until, logsVersion]);

  const exportCsv = (): void => {
    client.call('connections.csv', filterParams(event, userId, since, until)).then(
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
          aria-label={t('logs.exportConnections')}
          onClick={exportCsv}
        >
          <Icon name="download" />
          {t('logs.export')}
        </button>
      </div>
      <FormError message={error} />
      {entries === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : (
        <ConnectionTable entries={entries} showPeer />
      )}
    </>
  );
}
