import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { useChangeCount, useRead } from '../../app/use-read';
import { FormError } from '../../components/FormParts';
import { TextField } from '../../components/Field';
import { BackupNow } from './BackupNow';
import { RestoreBackup } from './RestoreBackup';

/**
 * Backups of everything, sealed with a passphrase the admin chooses: one now,
 * the files in the data directory, the schedule, and how to restore. Main
 * pushes nothing for a new file, so the list is read again after this page's
 * own backup and whenever main says settings or logs changed.
 */
export function BackupSection(): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const [made, setMade] = useState(0);
  const pushed = useChangeCount((c) => c.what === 'settings' || c.what === 'logs', []);
  const { data, error } = useRead('backup.list', {}, made + pushed);
  return (
    <fieldset>
      <legend>{t('backups.title')}</legend>
      <p className="hint">{t('backups.intro')}</p>
      {error !== null && <p className="form-error">{error}</p>}
      <BackupNow onMade={() => setMade((n) => n + 1)} />
      <h3>{t('backups.files')}</h3>
      {data === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : data.files.length === 0 ? (
        <p className="empty">{t('backups.none')}</p>
      ) : (
        <table className="list" aria-label={t('backups.files')}>
          <thead>
            <tr>
              <th scope="col">{t('backups.file')}</th>
              <th scope="col">{t('backups.when')}</th>
              <th scope="col">{t('backups.size')}</th>
            </tr>
          </thead>
          <tbody>
            {data.files.map((b) => (
              <tr key={b.path}>
                <th scope="row" className="mono" title={b.path}>
                  {b.name}
                </th>
                <td>{f.dateTime(b.createdAt)}</td>
                <td className="num">{f.bytes(b.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data !== null && (
        <Schedule
          key={JSON.stringify(data.schedule)}
          current={data.schedule}
          onSaved={() => setMade((n) => n + 1)}
        />
      )}
      <h3>{t('backups.restoreTitle')}</h3>
      <RestoreBackup names={data?.files.map((b) => b.name) ?? []} />
      <p className="hint">
        {t('backups.restore')} <code>wgdesk restore FILE --data-dir DIR</code>
      </p>
    </fieldset>
  );
}

interface ScheduleValue {
  readonly enabled: boolean;
  readonly everyHours: number;
  readonly keep: number;
}

/** Every N hours, keep the last N; the passphrase only the first time (main keeps its key sealed). */
function Schedule({
  current,
  onSaved,
}: {
  current: ScheduleValue | null;
  onSaved: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const action = useAction('in-form');
  const [enabled, setEnabled] = useState(current?.enabled ?? false);
  const [every, setEvery] = useState(String(current?.everyHours ?? 24));
  const [keep, setKeep] = useState(String(current?.keep ?? 7));
  const [passphrase, setPassphrase] = useState('');
  const e = action.errors.fields;
  const save = (): void => {
    void action.run(async (a) => {
      await a.setBackupSchedule({
        enabled,
        everyHours: Number(every),
        keep: Number(keep),
        ...(passphrase === '' ? {} : { passphrase }),
      });
      setPassphrase('');
      onSaved();
    });
  };
  return (
    <form
      aria-label={t('backups.schedule')}
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        save();
      }}
    >
      <h3>{t('backups.schedule')}</h3>
      <FormError message={action.errors.form} />
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(ev) => setEnabled(ev.target.checked)} />
        {t('backups.scheduleOn')}
      </label>
      <div className="row2">
        <TextField
          label={t('backups.everyHours')}
          error={e['everyHours']}
          value={every}
          onChange={setEvery}
          inputMode="numeric"
        />
        <TextField
          label={t('backups.keep')}
          error={e['keep']}
          value={keep}
          onChange={setKeep}
          inputMode="numeric"
        />
      </div>
      {current === null && (
        <TextField
          label={t('backups.schedulePassphrase')}
          hint={t('backups.schedulePassphraseHint')}
          error={e['passphrase']}
          value={passphrase}
          onChange={setPassphrase}
          type="password"
          autoComplete="new-password"
        />
      )}
      <button type="submit" disabled={action.busy}>
        {action.busy ? t('common.working') : t('backups.saveSchedule')}
      </button>
    </form>
  );
}
