import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn } from '../../../shared/contract';
import { Confirm } from '../../components/Confirm';
import { SelectField } from '../../components/Select';
import { TextField } from '../../components/Field';

const PICKED = '';

/** A picked file's bytes as base64, in chunks (one String.fromCharCode call per file overflows the stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/**
 * Restore from the window: a backup of the data directory or a picked file,
 * its passphrase, then a confirmation that says everything is replaced.
 * Main checks the file and passphrase before it touches anything.
 */
export function RestoreBackup({ names }: { names: readonly string[] }): ReactNode {
  const { t } = useTranslation();
  // Until the admin picks, the choice follows the list's newest backup: the list
  // arrives after the first render, and grows when a backup is made here.
  const [picked, setName] = useState<string | null>(null);
  const name = picked ?? names[0] ?? PICKED;
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [asking, setAsking] = useState(false);
  const source = name === PICKED ? (file?.name ?? null) : name;
  const options = [
    ...names.map((n) => ({ value: n, label: n })),
    { value: PICKED, label: t('settingsMore.restorePicked') },
  ];
  const params = async (): Promise<ParamsIn<'backup.restore'>> =>
    name === PICKED && file !== null
      ? { file: await base64Of(file), passphrase }
      : { name, passphrase };
  // The confirmation is a dialog with a form of its own: it stands beside this form, never
  // inside it, or its submit would also submit (and navigate) the outer one.
  return (
    <>
      <form
        aria-label={t('settingsMore.restoreLabel')}
        noValidate
        onSubmit={(ev) => {
          ev.preventDefault();
          if (source !== null) setAsking(true);
        }}
      >
        <SelectField
          label={t('settingsMore.restoreFrom')}
          value={name}
          options={options}
          onChange={setName}
        />
        {name === PICKED && (
          <label className="field">
            <span>{t('settingsMore.restoreFile')}</span>
            <input
              type="file"
              accept=".wgbackup"
              onChange={(ev) => setFile(ev.target.files?.[0] ?? null)}
            />
          </label>
        )}
        <TextField
          label={t('settingsMore.restorePassphrase')}
          value={passphrase}
          onChange={setPassphrase}
          type="password"
          autoComplete="off"
        />
        <button type="submit" className="danger" disabled={source === null || passphrase === ''}>
          {t('settingsMore.restoreButton')}
        </button>
      </form>
      {asking && source !== null && (
        <Confirm
          title={t('settingsMore.restoreConfirmTitle')}
          submitLabel={t('settingsMore.restoreConfirm')}
          focus="cancel"
          work={async (a) => {
            await a.restoreBackup(await params());
            setPassphrase('');
          }}
          onClose={() => setAsking(false)}
        >
          <p>{t('settingsMore.restoreConfirmBody', { name: source })}</p>
        </Confirm>
      )}
    </>
  );
}
