/**
 * The languages the plugin speaks — its pages and the messages guests get: the markets of
 * the first vendors. A host's locale or a guest's language outside them falls back to English.
 */
export const LANGUAGES = ['en', 'ru', 'vi', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

export function languageOf(locale: string | null | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}
