import { useEffect, useLayoutEffect } from 'react';
import i18next from 'i18next';
import { resolveLanguage } from '../i18n';
import type { AppStore } from '../store';
import type { LanguageChoice, ThemeChoice } from '../store/ui';
import { useApp } from './context';

// Theme and language are the page's own preferences (not main's state): they
// live in localStorage, per window, and default to following the system.
const THEME_KEY = 'wgdesk.theme';
const LANGUAGE_KEY = 'wgdesk.language';

function read<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const v = localStorage.getItem(key);
  return allowed.find((a) => a === v) ?? fallback;
}

export function loadPreferences(store: AppStore): void {
  const s = store.getState();
  s.setTheme(read<ThemeChoice>(THEME_KEY, ['system', 'light', 'dark'], 'system'));
  s.setLanguage(read<LanguageChoice>(LANGUAGE_KEY, ['system', 'en', 'pt-BR', 'fr'], 'system'));
}

/**
 * Applies the theme (data-theme on <html>, always resolved to light or dark, so
 * the CSS holds the dark colours once; "system" follows prefers-color-scheme
 * live) and the language (i18next and <html lang>), and remembers both.
 */
export function usePreferences(): void {
  const theme = useApp((s) => s.theme);
  const language = useApp((s) => s.language);

  // Before the first paint, so a dark system never flashes light.
  useLayoutEffect(() => {
    const root = document.documentElement;
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const apply = (): void => {
      root.dataset['theme'] = theme === 'system' ? (scheme.matches ? 'dark' : 'light') : theme;
    };
    apply();
    localStorage.setItem(THEME_KEY, theme);
    if (theme !== 'system') return undefined;
    scheme.addEventListener('change', apply);
    return () => scheme.removeEventListener('change', apply);
  }, [theme]);

  useEffect(() => {
    const apply = (): void => {
      const lang = resolveLanguage(language);
      document.documentElement.lang = lang;
      void i18next.changeLanguage(lang);
    };
    apply();
    localStorage.setItem(LANGUAGE_KEY, language);
    // "Follow the system" follows it live, as the theme does.
    if (language !== 'system') return undefined;
    window.addEventListener('languagechange', apply);
    return () => window.removeEventListener('languagechange', apply);
  }, [language]);
}
