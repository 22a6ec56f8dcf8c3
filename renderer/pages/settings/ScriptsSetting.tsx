import { useEffect, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useApp, useClient, useStoreApi } from '../../app/context';
import { loadSettings } from '../../store/load';

/**
 * Whether interfaces' PreUp/PostUp/PreDown/PostDown run, read-only: root
 * decides, in a file on the machine, so that no process of the admin's can
 * turn on what runs as root. The page says which command changes it (main
 * tells, so the words match the installed wgdesk). Read on open, and again
 * whenever main says the settings changed.
 */
export function ScriptsSetting(): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const store = useStoreApi();
  const settings = useApp((s) => s.settings);

  useEffect(() => {
    void loadSettings(client, store);
  }, [client, store]);

  return (
    <fieldset>
      <legend>{t('settings.scripts')}</legend>
      <p>
        {settings === null ? (
          t('common.loading')
        ) : (
          <Trans
            i18nKey={settings.scriptsEnabled ? 'settings.scriptsOn' : 'settings.scriptsOff'}
            values={{ command: settings.scriptsCommand }}
            components={{ b: <strong />, code: <code /> }}
          />
        )}
      </p>
      <p className="setting-warning">{t('settings.scriptsWarning')}</p>
    </fieldset>
  );
}
