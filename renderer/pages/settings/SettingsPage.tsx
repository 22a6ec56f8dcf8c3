import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { LANGUAGES } from '../../lib/language';
import type { LanguageChoice, ThemeChoice } from '../../store/ui';
import { BackupSection } from './BackupSection';
import { ScriptsSetting } from './ScriptsSetting';

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/**
 * The page's own preferences (appearance and language, both following the
 * system by default), then main's app-wide ones (whether hooks run).
 */
export function SettingsPage(): ReactNode {
  const { t } = useTranslation();
  const theme = useApp((s) => s.theme);
  const language = useApp((s) => s.language);
  const setTheme = useApp((s) => s.setTheme);
  const setLanguage = useApp((s) => s.setLanguage);
  const languages: readonly LanguageChoice[] = ['system', ...LANGUAGES];
  return (
    <main className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title">{t('settings.title')}</h1>
      </header>
      <section className="card settings">
        <fieldset>
          <legend>{t('settings.theme')}</legend>
          {THEMES.map((th) => (
            <label key={th} className="radio">
              <input
                type="radio"
                name="theme"
                checked={theme === th}
                onChange={() => setTheme(th)}
              />
              {t(`settings.${th}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('settings.language')}</legend>
          {languages.map((l) => (
            <label key={l} className="radio" lang={l === 'system' ? undefined : l}>
              <input
                type="radio"
                name="language"
                checked={language === l}
                onChange={() => setLanguage(l)}
              />
              {l === 'system' ? t('settings.system') : t(`languages.${l}`)}
            </label>
          ))}
        </fieldset>
      </section>
      <section className="card settings">
        <ScriptsSetting />
      </section>
      <section className="card settings">
        <BackupSection />
      </section>
    </main>
  );
}
