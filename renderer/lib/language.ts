// Which of our languages to show. Pure, so it is tested in Node.

export const LANGUAGES = ['en', 'pt-BR', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The first of the system's preferred languages that we have: exact tag first,
 * then by primary language ("pt-PT" gets pt-BR rather than English, "fr-CA"
 * gets French). English when nothing matches.
 */
export function matchLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const exact = LANGUAGES.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact !== undefined) return exact;
    const primary = tag.split('-')[0]?.toLowerCase();
    const near = LANGUAGES.find((l) => l.split('-')[0] === primary);
    if (near !== undefined) return near;
  }
  return 'en';
}
