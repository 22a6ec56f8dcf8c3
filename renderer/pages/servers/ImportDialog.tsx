import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useApp } from '../../app/context';
import { useSubmit } from '../../app/form';
import { Dialog } from '../../components/Dialog';
import { Field, TextField } from '../../components/Field';

type Source = 'file' | 'running';

/**
 * Adopt what the admin already runs: a wg-quick file they pick (read here and
 * sent as text, so main never opens a path the page chose) or a running
 * interface (adopted without touching it).
 */
export function ImportDialog({ onClose }: { onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const upsert = useApp((s) => s.upsertInterface);
  const notify = useApp((s) => s.notify);
  const { errors, busy, run, check } = useSubmit();
  const [source, setSource] = useState<Source>('file');
  const [name, setName] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [endpoint, setEndpoint] = useState('');
  const [warnings, setWarnings] = useState<readonly string[]>([]);

  const pick = (file: File | undefined): void => {
    if (file === undefined) return;
    if (name === '') setName(file.name.replace(/\.conf$/, ''));
    void file.text().then(setText);
  };

  const submit = (): void => {
    void run(async () => {
      if (source === 'file') {
        const params = { name, text: text ?? '' };
        if (!check('interfaces.importConf', params)) return;
        const r = await client.call('interfaces.importConf', params);
        upsert(r.interface);
        notify(t('importForm.done', { name: r.interface.name, count: r.peers }));
        // Warnings are worth reading before the dialog goes away.
        if (r.warnings.length > 0) {
          setWarnings(
            r.warnings.map((w) => t('importForm.warnings', { line: w.line, message: w.message })),
          );
          return;
        }
      } else {
        const params = { name, publicEndpoint: endpoint.trim() === '' ? null : endpoint };
        if (!check('interfaces.importRunning', params)) return;
        const r = await client.call('interfaces.importRunning', params);
        upsert(r.interface);
        notify(t('importForm.done', { name: r.interface.name, count: r.peers }));
      }
      onClose();
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
      {errors.form !== null && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
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
            <label>
              <input
                type="radio"
                name="source"
                checked={source === 'file'}
                onChange={() => setSource('file')}
              />
              {t('importForm.fromFile')}
            </label>
            <label>
              <input
                type="radio"
                name="source"
                checked={source === 'running'}
                onChange={() => setSource('running')}
              />
              {t('importForm.fromRunning')}
            </label>
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
          <TextField
            label={t('importForm.name')}
            error={errors.fields['name']}
            value={name}
            onChange={setName}
          />
          {source === 'running' && (
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
