import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { matchLanguage, type Language } from '../lib/language';
import type { LanguageChoice } from '../store/ui';
import { en, type Translation } from './en';
import { fr } from './fr';
import { ptBR } from './pt-BR';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}

export function resolveLanguage(choice: LanguageChoice): Language {
  return choice === 'system' ? matchLanguage(navigator.languages) : choice;
}

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: {
      en: { translation: en },
      'pt-BR': { translation: ptBR },
      fr: { translation: fr },
    },
    lng: language,
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show &amp; in names.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return i18next;
}
