import { formatMoney, formatNumber } from '../../format.js';
import { language, locale, t, type MessageKey } from '../../i18n/index.js';
import type { TierMetric } from './types.js';

type Countable = 'points' | 'visits' | 'days';
const FORMS = ['one', 'few', 'many', 'other'] as const;

/** `5 points`, `1 визит`, `3 визита`: the language's own plural form, not an English `(s)`. */
export function countText(count: number, what: Countable): string {
  const form = new Intl.PluralRules(language()).select(count) as (typeof FORMS)[number] | 'zero' | 'two';
  const key = `tiers.count.${what}.${(FORMS as readonly string[]).includes(form) ? form : 'other'}` as MessageKey;
  return t(key, { count: formatNumber(count, locale()) });
}

/** A value of a tier's metric: spend in the tenant's currency, points or visits. */
export function metricValue(metric: TierMetric, value: number, currency: string): string {
  return metric === 'spent' ? formatMoney(value, currency, locale()) : countText(value, metric);
}
