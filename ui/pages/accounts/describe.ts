import { formatDate, formatMoney, formatPercentBp } from '../../format.js';
import { locale, t } from '../../i18n/index.js';
import { countText } from '../tiers/metric.js';
import type { Benefit, ExpiryPolicy, Reward } from './types.js';

/** Monday first, as the API numbers the days (1 Monday … 7 Sunday). */
export function weekdayNames(style: 'short' | 'long' = 'short'): string[] {
  const format = new Intl.DateTimeFormat(locale(), { weekday: style, timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return [1, 2, 3, 4, 5, 6, 7].map((day) => format.format(new Date(Date.UTC(2024, 0, day))));
}

export function benefitText(benefit: Benefit, currency: string): string {
  switch (benefit.kind) {
    case 'free_product':
      return t('rewards.benefitText.free_product', { product: benefit.productName ?? benefit.productId, units: benefit.units ?? 1 });
    case 'amount_off':
      return t('rewards.benefitText.amount_off', { amount: formatMoney(benefit.amount, benefit.currency ?? currency, locale()) });
    case 'percent_off':
      return t('rewards.benefitText.percent_off', { percent: formatPercentBp(benefit.percentBp, locale()) });
    case 'category':
      return t('rewards.benefitText.category', { category: benefit.categoryCode });
  }
}

export function expiryText(policy: ExpiryPolicy): string {
  if (policy.kind === 'days_after_credit') return t('accountTypes.expiryText.days', { days: policy.days });
  if (policy.kind === 'end_of_period') return t(`accountTypes.expiryText.${policy.period}`);
  return t('accountTypes.expiryText.never');
}

/** When a reward can be taken: its dates, days and hours, or "any time". */
export function availabilityText(reward: Reward, timeZone: string): string {
  const parts: string[] = [];
  const date = (value: string) => formatDate(value, locale(), timeZone);
  if (reward.availableFrom && reward.availableTo) parts.push(`${date(reward.availableFrom)} – ${date(reward.availableTo)}`);
  else if (reward.availableFrom) parts.push(t('rewards.availability.from', { date: date(reward.availableFrom) }));
  else if (reward.availableTo) parts.push(t('rewards.availability.to', { date: date(reward.availableTo) }));
  if (reward.daysOfWeek && reward.daysOfWeek.length > 0 && reward.daysOfWeek.length < 7) {
    const names = weekdayNames();
    parts.push([...reward.daysOfWeek].sort().map((day) => names[day - 1]).join(', '));
  }
  if (reward.timeFrom && reward.timeTo) parts.push(`${reward.timeFrom}–${reward.timeTo}`);
  return parts.length > 0 ? parts.join(' · ') : t('rewards.availability.always');
}

/** An amount in an account's unit, points named as points: a bare `500` on a price says nothing. */
export const amountText = (amount: number, unit: string) => (unit === 'points' ? countText(amount, 'points') : formatMoney(amount, unit, locale()));
