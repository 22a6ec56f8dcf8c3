import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/use-action';
import { FormError } from '../../components/FormParts';
import { TextField } from '../../components/Field';

/**
 * A backup now, sealed with a passphrase typed twice. The passphrase lives
 * only in this form's state while it is typed, never in the store, and is
 * cleared once the backup is made.
 */
export function BackupNow({ onMade }: { onMade: () => void }): ReactNode {
  const { t } = useTranslation();
  const action = useAction('in-form');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = (): void => {
    setMismatch(first !== second);
    if (first !== second) return;
    void action.run(async (a) => {
      await a.createBackup(first);
      setFirst('');
      setSecond('');
      onMade();
    });
  };
  return (
    <form
      aria-label={t('backups.now')}
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        submit();
      }}
    >
      <FormError message={action.errors.form} />
      <div className="row2">
        <TextField
          label={t('backups.passphrase')}
          hint={t('backups.passphraseHint')}
          error={action.errors.fields['passphrase']}
          value={first}
          onChange={setFirst}
          type="password"
          autoComplete="new-password"
        />
        <TextField
          label={t('backups.passphraseAgain')}
          error={mismatch ? t('backups.mismatch') : undefined}
          value={second}
          onChange={setSecond}
          type="password"
          autoComplete="new-password"
        />
      </div>
      <button type="submit" className="primary" disabled={action.busy}>
        {action.busy ? t('common.working') : t('backups.now')}
      </button>
    </form>
  );
}
