import { common } from './common.js';
import { customers } from './customers.js';
import { messages } from './messages.js';
import { languageOf, type Language } from '../../src/modules/ui/languages.js';
import { promotions } from './promotions.js';
import { setup } from './setup.js';
import { till } from './till.js';
import { tabs } from './tabs.js';
import { imports } from './imports.js';
import { webhooks } from './webhooks.js';
import { reports } from './reports.js';

/** Every area's texts; a page's area is added here when the page is. */
const AREAS = [common, customers, promotions, setup, till, tabs, imports, webhooks, messages, reports] as const;

type KeysOf<T> = T extends Record<Language, infer M> ? keyof M & string : never;
export type MessageKey =
  | KeysOf<typeof common>
  | KeysOf<typeof customers>
  | KeysOf<typeof promotions>
  | KeysOf<typeof setup>
  | KeysOf<typeof till>
  | KeysOf<typeof tabs>
  | KeysOf<typeof imports>
  | KeysOf<typeof webhooks>
  | KeysOf<typeof messages>
  | KeysOf<typeof reports>;

let current: Language = 'en';
let currentLocale = 'en';
let table: Record<string, string> = {};

/** Picks the language from the host's locale; Intl formats with the full locale (`sv-SE`). */
export function setLocale(locale: string | null): void {
  current = languageOf(locale);
  currentLocale = locale && Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : current;
  table = Object.assign({}, ...AREAS.map((area) => (area as Record<Language, Record<string, string>>)[current]));
}

export const language = (): Language => current;
export const locale = (): string => currentLocale;

/** A text in the page's language; `{name}` placeholders are filled from `vars`. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = table[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
