import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../../shared/contract';
import { useClient, useApp } from '../../app/context';
import { useSubmit } from '../../app/form';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormParts';
import { Field, TextField } from '../../components/Field';
import { SystemConfList } from './SystemConfList';

type Source = 'file' | 'system' | 'running';
const SOURCES: readonly Source[] = ['file', 'system', 'running'];
const SOURCE_LABEL = {
  file: 'importForm.fromFile',
  system: 'importForm.fromSystem',
  running: 'importForm.fromRunning',
} as const;

interface Imported {
  readonly interface: InterfaceView;
  readonly peers: number;
  readonly warnings?: readonly { line: number; message: string }[];
}

/**
 * Adopt what the admin already runs: a wg-quick file they pick (read here and
 * sent as text, so main never opens a path the page chose), a file of
 * /etc/wireguard (read by main, chosen by name from main's own list), or a
 * running interface (adopted without touching it).
 */
export function ImportDialog({ onClose }: { onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const upsert = useApp((s) => s.upsertInterface);
  const notify = useApp((s) => s.notify);
  const { errors, busy, run, check } = useSubmit();
  const [source, setSource] = useState<Source>('file');
  const [name, setName] = useState('');
  const [systemName, setSystemName] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [endpoint, setEndpoint] = useState('');
  const [warnings, setWarnings] = useState<readonly string[]>([]);
  const publicEndpoint = endpoint.trim() === '' ? null : endpoint;

  const pick = (file: File | undefined): void => {
    if (file === undefined) return;
    if (name === '') setName(file.name.replace(/\.conf$/, ''));
    void file.text().then(setText);
  };

  /** Into the store and a notice; true when there are warnings to read before closing. */
  const done = (r: Imported): boolean => {
    upsert(r.interface);
    notify(t('importForm.done', { name: r.interface.name, count: r.peers }));
    const w = r.warnings ?? [];
    setWarnings(w.map((x) => t('importForm.warnings', { line: x.line, message: x.message })));
    return w.length > 0;
  };

  const call = async (): Promise<Imported | null> => {
    switch (source) {
      case 'file': {
        const params = { name, text: text ?? '' };
        return check('interfaces.importConf', params)
          ? client.call('interfaces.importConf', params)
          : null;
      }
      case 'system': {
        const params = { name: systemName, publicEndpoint };
        return check('interfaces.importSystemConf', params)
          ? client.call('interfaces.importSystemConf', params)
          : null;
      }
      case 'running': {
        const params = { name, publicEndpoint };
        return check('interfaces.importRunning', params)
          ? client.call('interfaces.importRunning', params)
          : null;
      }
    }
  };

  const submit = (): void => {
    void run(async () => {
      const r = await call();
      // Warnings are worth reading before the dialog goes away.
      if (r !== null && !done(r)) onClose();
    });
  };

  return (
    <Dialog
      title={t('importForm.title')}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {warnings.length > 0 ? t('common.close') : t('common.cancel')}
          </button>
          {warnings.length === 0 && (
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('common.working') : t('servers.import')}
            </button>
          )}
        </>
      }
    >
      <FormError message={errors.form} />
      {warnings.length > 0 ? (
        <ul className="warnings" role="status">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : (
        <>
          <fieldset className="segmented">
            <legend>{t('importForm.source')}</legend>
            {SOURCES.map((s) => (
              <label key={s}>
                <input
                  type="radio"
                  name="source"
                  checked={source === s}
                  onChange={() => setSource(s)}
                />
                {t(SOURCE_LABEL[s])}
              </label>
            ))}
          </fieldset>
          {source === 'file' && (
            <Field label={t('importForm.file')} error={errors.fields['text']}>
              {(p) => (
                <input
                  id={p.id}
                  type="file"
                  accept=".conf,text/plain"
                  aria-describedby={p.describedBy}
                  aria-invalid={p.invalid}
                  onChange={(e) => pick(e.target.files?.[0])}
                />
              )}
            </Field>
          )}
          {source === 'system' ? (
            <SystemConfList
              value={systemName}
              onChange={setSystemName}
              error={errors.fields['name']}
            />
          ) : (
            <TextField
              label={t('importForm.name')}
              error={errors.fields['name']}
              value={name}
              onChange={setName}
            />
          )}
          {source !== 'file' && (
            <TextField
              label={t('importForm.endpoint')}
              hint={t('interfaceForm.endpointHint')}
              error={errors.fields['publicEndpoint']}
              value={endpoint}
              onChange={setEndpoint}
            />
          )}
        </>
      )}
    </Dialog>
  );
}
