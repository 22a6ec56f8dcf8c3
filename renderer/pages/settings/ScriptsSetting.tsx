import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useClient, useStoreApi } from '../../app/context';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { scriptsStep } from '../../lib/scripts-setting';
import { loadSettings } from '../../store/load';
import { FormError } from '../../components/FormParts';

/**
 * The switch for interfaces' PreUp/PostUp/PreDown/PostDown. It shows main's
 * value (read on open, re-read when main pushes a settings change), so two
 * windows never disagree; turning it on asks first, since hooks run as root.
 */
export function ScriptsSetting(): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const store = useStoreApi();
  const enabled = useApp((s) => s.settings?.scriptsEnabled ?? null);
  const { errors, busy, run } = useAction('in-form');
  const [confirming, setConfirming] = useState(false);
  const warningId = useId();

  useEffect(() => {
    void loadSettings(client, store);
  }, [client, store]);

  const apply = (scriptsEnabled: boolean): void => {
    void run(async (a) => {
      await a.setScripts(scriptsEnabled);
      setConfirming(false);
    });
  };

  const flip = (wanted: boolean): void => {
    const step = scriptsStep(enabled, wanted);
    if (step === 'confirm') setConfirming(true);
    else if (step === 'apply') apply(wanted);
  };

  return (
    <fieldset>
      <legend>{t('settings.scripts')}</legend>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={enabled === true}
          disabled={enabled === null || busy}
          aria-describedby={warningId}
          onChange={(e) => flip(e.target.checked)}
        />
        {t('settings.scriptsSwitch')}
      </label>
      <p id={warningId} className="setting-warning">
        {t('settings.scriptsWarning')}
      </p>
      {errors.form !== null && !confirming && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      {confirming && (
        <Dialog
          title={t('settings.scriptsConfirmTitle')}
          onClose={() => setConfirming(false)}
          onSubmit={() => apply(true)}
          footer={
            <>
              <button type="button" onClick={() => setConfirming(false)} autoFocus>
                {t('common.cancel')}
              </button>
              <button type="submit" className="primary danger-fill" disabled={busy}>
                {busy ? t('common.working') : t('settings.scriptsConfirm')}
              </button>
            </>
          }
        >
          <FormError message={errors.form} />
          <p>{t('settings.scriptsConfirmBody')}</p>
        </Dialog>
      )}
    </fieldset>
  );
}
