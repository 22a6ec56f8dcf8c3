import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn, ResultOf } from '../../../../shared/contract';
import { useAction } from '../../../app/use-action';
import { ChangeTable } from '../../../components/ChangeTable';
import { ActionDialog } from '../../../components/FormParts';

export type Plan = ResultOf<'interfaces.previewUpdate'>;

interface Props {
  readonly name: string;
  readonly params: ParamsIn<'interfaces.update'>;
  readonly plan: Plan;
  readonly onClose: () => void;
  /** After a successful apply: the peers whose client configs must be sent again. */
  readonly onApplied: (resend: Plan['clientConfigs']) => void;
}

/**
 * What applying the edit will do, before it is done: the changes, the kernel
 * steps, whether live sessions drop (in words), and whose client configs
 * change. Apply runs the very same params through the one write path.
 */
export function PreviewDialog({ name, params, plan, onClose, onApplied }: Props): ReactNode {
  const { t } = useTranslation();
  const action = useAction('in-form');
  const apply = (): void => {
    void action.run(async (a) => {
      await a.applyServerSettings(params);
      onApplied(plan.clientConfigs);
    });
  };
  const fieldError = Object.values(action.errors.fields)[0];
  const configs = plan.clientConfigs;
  return (
    <ActionDialog
      title={t('serverSettings.previewTitle', { name })}
      onClose={onClose}
      onSubmit={apply}
      action={action}
      submitLabel={t('serverSettings.apply')}
      danger={plan.sessionsDrop}
    >
      {fieldError !== undefined && (
        <p className="form-error" role="alert">
          {fieldError}
        </p>
      )}
      <p className={plan.sessionsDrop ? 'banner banner-warn' : 'banner'} role="status">
        {plan.sessionsDrop ? t('serverSettings.sessionsDrop') : t('serverSettings.sessionsKept')}{' '}
        <span className="subtle">{plan.sessions}</span>
      </p>
      <ChangeTable
        label={t('serverSettings.changes')}
        changes={plan.changes}
        cols={{ from: t('serverSettings.before'), to: t('serverSettings.after') }}
        empty={t('serverSettings.noChanges')}
      />
      <h3>{t('serverSettings.steps')}</h3>
      {plan.steps.length === 0 ? (
        <p className="subtle">{t('serverSettings.noSteps')}</p>
      ) : (
        <ol aria-label={t('serverSettings.steps')}>
          {plan.steps.map((s, i) => (
            <li key={i} className="mono">
              {s.text}
            </li>
          ))}
        </ol>
      )}
      <h3>{t('serverSettings.clientConfigs')}</h3>
      {configs.length === 0 ? (
        <p className="subtle">{t('serverSettings.noClientConfigs')}</p>
      ) : (
        <>
          <p>
            {params.rotatePrivateKey === true
              ? t('serverSettings.resendAll', { count: configs.length })
              : t('serverSettings.configsChange', { count: configs.length })}
          </p>
          <ul aria-label={t('serverSettings.clientConfigs')}>
            {configs.map((c) => (
              <li key={c.peerId}>{c.name}</li>
            ))}
          </ul>
        </>
      )}
      {plan.notes.map((n, i) => (
        <p key={i} className="hint">
          {n}
        </p>
      ))}
    </ActionDialog>
  );
}
