/**
 * The markets of the first vendors; the host's locale picks one, English otherwise. Kept
 * beside the server, which names the language of the page it serves; the pages import it.
 */
export const LANGUAGES = ['en', 'ru', 'vi', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

export function languageOf(locale: string | null | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}
