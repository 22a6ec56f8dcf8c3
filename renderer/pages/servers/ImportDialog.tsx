import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../../shared/contract';
import type { Actions } from '../../actions';
import type { ImportWarning } from '../../actions/servers';
import { problemWords } from '../../lib/problem-words';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormParts';
import { Field, TextField } from '../../components/Field';
import { RunningList } from './RunningList';
import { SystemConfList } from './SystemConfList';

type Source = 'file' | 'system' | 'running';
const SOURCES: readonly Source[] = ['file', 'system', 'running'];
const SOURCE_LABEL = {
  file: 'importForm.fromFile',
  system: 'importForm.fromSystem',
  running: 'importForm.fromRunning',
} as const;

/**
 * Adopt what the admin already runs: a wg-quick file they pick (read here and
 * sent as text, so main never opens a path the page chose), a file of
 * /etc/wireguard (read by main, chosen by name from main's own list), or a
 * running interface (chosen from main's list of them, adopted without
 * touching it).
 */
export function ImportDialog({ onClose }: { onClose: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const { errors, busy, run } = useAction('in-form', ['text', 'name', 'publicEndpoint']);
  const [source, setSource] = useState<Source>('file');
  const [name, setName] = useState('');
  const [systemName, setSystemName] = useState('');
  const [runningName, setRunningName] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [endpoint, setEndpoint] = useState('');
  const [warnings, setWarnings] = useState<readonly ImportWarning[]>([]);
  /** The imported server, while it is down: the dialog offers to bring it up. */
  const [down, setDown] = useState<InterfaceView | null>(null);
  const done = warnings.length > 0 || down !== null;
  const publicEndpoint = endpoint.trim() === '' ? null : endpoint;

  const pick = (file: File | undefined): void => {
    if (file === undefined) return;
    if (name === '') setName(file.name.replace(/\.conf$/, ''));
    void file.text().then(setText);
  };

  /** A line of the file not kept, in the admin's language of the moment ("line 0": the whole file). */
  const warningText = (w: ImportWarning): string => {
    const message = problemWords(t, i18n.language, w.problem) ?? w.message;
    return w.line > 0 ? t('importForm.warnings', { line: w.line, message }) : message;
  };

  /** The lines of the file not kept, and the new server. */
  const importFrom = (
    a: Actions,
  ): Promise<{ warnings: readonly ImportWarning[]; server: InterfaceView }> => {
    switch (source) {
      case 'file':
        return a.importConf({ name, text: text ?? '', publicEndpoint });
      case 'system':
        return a.importSystemConf({ name: systemName, publicEndpoint });
      case 'running':
        return a.importRunning({ name: runningName, publicEndpoint });
    }
  };

  const submit = (): void => {
    void run(async (a) => {
      const { warnings: w, server } = await importFrom(a);
      setWarnings(w);
      const stillDown = server.up ? null : server;
      setDown(stillDown);
      // Warnings, and a server left down, are worth reading before the dialog goes away.
      if (w.length === 0 && stillDown === null) onClose();
    });
  };

  const bringUp = (): void => {
    if (down === null) return;
    void run(async (a) => {
      await a.setUp(down.id, true);
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
            {done ? t('common.close') : t('common.cancel')}
          </button>
          {down !== null && (
            <button type="button" className="primary" disabled={busy} onClick={bringUp}>
              {t('importWords.bringUp', { name: down.name })}
            </button>
          )}
          {!done && (
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('common.working') : t('servers.import')}
            </button>
          )}
        </>
      }
    >
      <FormError message={errors.form} />
      {done ? (
        <>
          {down !== null && (
            <p className="banner" role="status">
              {t('importWords.down', { name: down.name })}
            </p>
          )}
          {warnings.length > 0 && (
            <ul className="warnings" role="status">
              {warnings.map((w, i) => (
                // Two warnings can read the same (two empty hooks on one line): the index tells them apart.
                <li key={`${i} ${w.line}`}>{warningText(w)}</li>
              ))}
            </ul>
          )}
        </>
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
          {source === 'system' && (
            <SystemConfList
              value={systemName}
              onChange={setSystemName}
              error={errors.fields['name']}
            />
          )}
          {source === 'running' && (
            <RunningList
              value={runningName}
              onChange={setRunningName}
              error={errors.fields['name']}
            />
          )}
          {source === 'file' && (
            <TextField
              label={t('importForm.name')}
              error={errors.fields['name']}
              value={name}
              onChange={setName}
            />
          )}
          {/* Every source asks: a file's [Interface] has no line for the address clients dial. */}
          <TextField
            label={t('importForm.endpoint')}
            hint={t('interfaceForm.endpointHint')}
            error={errors.fields['publicEndpoint']}
            value={endpoint}
            onChange={setEndpoint}
          />
        </>
      )}
    </Dialog>
  );
}
