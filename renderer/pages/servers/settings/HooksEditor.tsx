import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useApp } from '../../../app/context';
import { Field } from '../../../components/Field';
import { HOOK_PHASES, type Draft, type HookPhase } from './draft';

interface Props {
  readonly hooks: Draft['hooks'];
  readonly onChange: (phase: HookPhase, text: string) => void;
  readonly errors: Readonly<Record<string, string>>;
}

/**
 * The four wg-quick hooks, one command per line. They run as root, so they
 * can be edited only while root's own switch allows scripts; otherwise they
 * are shown disabled, with the command that turns the switch on.
 */
export function HooksEditor({ hooks, onChange, errors }: Props): ReactNode {
  const { t } = useTranslation();
  const settings = useApp((s) => s.settings);
  const enabled = settings?.scriptsEnabled === true;
  return (
    <fieldset className="hooks">
      <legend>{t('serverSettings.hooks')}</legend>
      {settings !== null && !enabled && (
        <p className="hint" id="hooks-off">
          <Trans
            i18nKey="serverSettings.hooksOff"
            values={{ command: settings.scriptsCommand }}
            components={{ code: <code /> }}
          />
        </p>
      )}
      {HOOK_PHASES.map(([phase, label]) => (
        <Field key={phase} label={label} hint={t('serverSettings.hookHint')} error={errors[phase]}>
          {(p) => (
            <textarea
              id={p.id}
              rows={2}
              spellCheck={false}
              disabled={!enabled}
              aria-describedby={enabled ? p.describedBy : `hooks-off ${p.describedBy ?? ''}`}
              aria-invalid={p.invalid}
              value={hooks[phase]}
              onChange={(e) => onChange(phase, e.target.value)}
            />
          )}
        </Field>
      ))}
    </fieldset>
  );
}
