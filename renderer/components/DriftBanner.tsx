import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../shared/contract';
import { useApp } from '../app/context';
import { useAction } from '../app/use-action';
import { hasDrift } from '../store/interfaces';
import { Icon } from './Icon';

/**
 * The kernel disagrees with the database: say how, and offer both ways out —
 * make the kernel match wgdesk (push), or make wgdesk match the kernel (adopt).
 */
export function DriftBanner({ iface }: { iface: InterfaceView }): ReactNode {
  const { t } = useTranslation();
  const report = useApp((s) => s.drift[iface.id]);
  const { run } = useAction('as-notice');
  if (report === undefined || report.interfaceMissing || !hasDrift(report)) return null;
  const lines = [
    [
      report.missingFromKernel.length,
      t('drift.missing', { count: report.missingFromKernel.length }),
    ],
    [report.unknownInKernel.length, t('drift.unknown', { count: report.unknownInKernel.length })],
    [report.different.length, t('drift.different', { count: report.different.length })],
    [
      report.disconnectedButPresent.length,
      t('drift.disconnectedPresent', { count: report.disconnectedButPresent.length }),
    ],
  ] as const;
  return (
    <section className="banner banner-warn drift" aria-labelledby={`drift-${iface.id}`}>
      <Icon name="warning" />
      <div className="drift-text">
        <h2 id={`drift-${iface.id}`}>{t('drift.title', { name: iface.name })}</h2>
        <ul>
          {lines
            .filter(([n]) => n > 0)
            .map(([, text]) => (
              <li key={text}>{text}</li>
            ))}
        </ul>
      </div>
      <div className="drift-actions">
        <button
          type="button"
          aria-label={t('drift.pushTo', { name: iface.name })}
          onClick={() => void run((a) => a.reconcile(iface.id, 'push'))}
        >
          {t('drift.push')}
        </button>
        <button
          type="button"
          aria-label={t('drift.adoptFrom', { name: iface.name })}
          onClick={() => void run((a) => a.reconcile(iface.id, 'adopt'))}
        >
          {t('drift.adopt')}
        </button>
      </div>
    </section>
  );
}
