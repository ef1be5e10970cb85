import type { Language } from '../../src/modules/ui/languages.js';

export type Messages<K extends string> = Record<K, string>;

/**
 * One area's texts in every language. English defines the keys; the type makes a missing
 * Russian, Vietnamese or Swedish text a compile error rather than a blank on the till.
 */
export function translations<K extends string>(en: Messages<K>, others: Record<Exclude<Language, 'en'>, Messages<K>>): Record<Language, Messages<K>> {
  return { en, ...others };
}
