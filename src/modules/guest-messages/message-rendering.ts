import { localDate } from '../../common/calendar.js';
import type { Language } from '../../common/languages.js';
import { minorDigits } from '../../common/money.js';
import type { GuestMessageKind } from '../../common/guest-messages.js';
import type { OutgoingEvent } from '../../contract/events-out.js';
import { PLACEHOLDERS, type MessageTemplate } from './default-templates.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** What a message says, filled in. */
export interface RenderedMessage {
  subject: string;
  text: string;
}

/** What the facts are written with: the guest's name, the account's unit, the tenant's time zone. */
export interface RenderingContext {
  language: Language;
  name: string;
  /** The unit of the account the fact is about: `points`, or the ISO 4217 currency of its minor units; null for none. */
  unit: string | null;
  timeZone: string;
}

/** The placeholders of a text a kind of message does not fill in. */
export function unknownPlaceholders(kind: GuestMessageKind, text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map(([, name]) => name))].filter((name) => !PLACEHOLDERS[kind].includes(name));
}

export function render(template: MessageTemplate, values: Record<string, string>): RenderedMessage {
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  // A subject is one line whatever a value holds: a mail header cannot take a line break.
  return { subject: fill(template.subject).replace(/\s*[\r\n]+\s*/g, ' ').trim(), text: fill(template.body) };
}

/** The placeholders' values for a fact, written for the guest. */
export function valuesOf(event: OutgoingEvent, context: RenderingContext): Record<string, string> {
  const amount = (value: number) => formatAmount(value, context.unit ?? 'points', context.language);
  const base = { name: context.name };
  switch (event.type as GuestMessageKind) {
    case 'points.expiring': {
      const data = (event as OutgoingEvent<'points.expiring'>).data;
      return { ...base, amount: amount(data.amount), expiryDate: formatDate(new Date(data.expiresAt), context.language, context.timeZone) };
    }
    case 'account.credited': {
      const data = (event as OutgoingEvent<'account.credited'>).data;
      return { ...base, amount: amount(data.amount), balance: amount(data.balanceAfter) };
    }
    case 'tier.changed': {
      const data = (event as OutgoingEvent<'tier.changed'>).data;
      return { ...base, tier: data.to?.name ?? '', previousTier: data.from?.name ?? '' };
    }
    case 'reward.reachable': {
      const data = (event as OutgoingEvent<'reward.reachable'>).data;
      return { ...base, reward: data.rewardName, price: amount(data.price), balance: amount(data.balance) };
    }
    case 'birthday.given': {
      const data = (event as OutgoingEvent<'birthday.given'>).data;
      return { ...base, amount: data.credit ? amount(data.credit.amount) : '', year: String(data.year) };
    }
  }
}

/** Plural forms of "points" as each language counts them (Intl.PluralRules names the form). */
const POINTS: Record<Language, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }> = {
  en: { one: 'point', other: 'points' },
  ru: { one: 'балл', few: 'балла', many: 'баллов', other: 'балла' },
  vi: { other: 'điểm' },
  sv: { one: 'poäng', other: 'poäng' },
};

/**
 * An amount in an account's units: points as a counted number of points, money (integer
 * minor units) in its currency. The decimal is built from the integer as text, so no float
 * ever rounds a guest's money.
 */
export function formatAmount(amount: number, unit: string, language: Language): string {
  if (unit === 'points') {
    const form = new Intl.PluralRules(language).select(amount);
    return `${new Intl.NumberFormat(language).format(amount)} ${POINTS[language][form] ?? POINTS[language].other}`;
  }
  const digits = minorDigits(unit);
  const sign = amount < 0 ? '-' : '';
  const minor = String(Math.abs(amount)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? minor : `${minor.slice(0, -digits)}.${minor.slice(-digits)}`;
  return new Intl.NumberFormat(language, { style: 'currency', currency: unit }).format(`${sign}${decimal}` as unknown as number);
}

/** A calendar date as the guest's language writes it, on the tenant's wall clock. */
export function formatDate(at: Date, language: Language, timeZone: string): string {
  const [year, month, day] = localDate(at, timeZone).split('-').map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}
