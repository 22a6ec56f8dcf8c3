import { Fragment, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../../shared/contract';

/** The names a .conf file uses: keywords, the same in every language. */
const PHASES = [
  ['preUp', 'PreUp'],
  ['postUp', 'PostUp'],
  ['preDown', 'PreDown'],
  ['postDown', 'PostDown'],
] as const;

/**
 * A server's PreUp/PostUp/PreDown/PostDown, read-only, so an admin sees what
 * would run as root before anything does: they come with an imported .conf,
 * and run only while root allows interface scripts (the Settings page says how).
 */
export function HooksView({ hooks }: { hooks: InterfaceView['hooks'] }): ReactNode {
  const { t } = useTranslation();
  const titleId = useId();
  const present = PHASES.filter(([phase]) => hooks[phase].length > 0);
  return (
    <section className="hooks" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('interfaceForm.hooks')}</h3>
      {present.length === 0 ? (
        <p className="subtle">{t('interfaceForm.noHooks')}</p>
      ) : (
        <dl>
          {present.map(([phase, label]) => (
            <Fragment key={phase}>
              <dt>{label}</dt>
              {hooks[phase].map((command, i) => (
                <dd key={i}>
                  <code>{command}</code>
                </dd>
              ))}
            </Fragment>
          ))}
        </dl>
      )}
      <p className="hint">{t('interfaceForm.hooksHint')}</p>
    </section>
  );
}
