// The catalogues loaded into a fresh i18next, as the window has them: the
// translate function of one language, for tests that check wording.
import i18next, { type TFunction } from 'i18next';
import { en } from '../../../renderer/i18n/en';
import { fr } from '../../../renderer/i18n/fr';
import { ptBR } from '../../../renderer/i18n/pt-BR';
import { problemWords } from '../../../renderer/lib/problem-words';
import type { NoticeWords } from '../../../renderer/store/errors';

export async function tIn(lng: string): Promise<TFunction> {
  const i = i18next.createInstance();
  await i.init({
    resources: { en: { translation: en }, fr: { translation: fr }, 'pt-BR': { translation: ptBR } },
    lng,
    interpolation: { escapeValue: false },
  });
  return i.t;
}

/** What a notice is worded with in a window of that language (store/errors.ts `NoticeWords`). */
export async function noticeWordsIn(lng: string): Promise<NoticeWords> {
  const t = await tIn(lng);
  return {
    t,
    bytes: (n) => `${n} B`,
    word: (p) => problemWords(t, lng, p),
  };
}
