import { FACTOR_DIGITS, formatDate, formatMoney, formatPercentBp, formatScaled } from '../../format.js';
import { locale, t } from '../../i18n/index.js';
import { accountAmount, accountName } from './account-types.js';
import type { AccountType, Conditions, Effect, SalesRule, Scope, ScopeLists } from './types.js';

/** ISO weekday (1 = Monday) in the reader's language; 1 January 2024 was a Monday. */
export function weekdayName(day: number, width: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(locale(), { weekday: width, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
}

/** Amounts on money effects carry their currency; a rule without one uses the tenant's. */
export function effectCurrency(effect: Effect, tenantCurrency: string): string {
  return 'currency' in effect && effect.currency ? effect.currency : tenantCurrency;
}

/** A bundle's part by what it takes in: "2 × pizza", "burgers/vegan", "any item". */
function partSummary({ scope, units }: Extract<Effect, { kind: 'bundle_price' }>['components'][number]): string {
  const named = [...(scope.productGroupIds ?? []), ...(scope.productIds ?? []), ...(scope.tags ?? [])];
  const what = named.length > 0 ? named.join('/') : t('promo.sum.anyItem');
  return units > 1 ? t('promo.sum.partUnits', { units, what }) : what;
}

/** What the rule does, in the words a manager would use. */
export function effectSummary(effect: Effect, tenantCurrency: string, accounts: AccountType[]): string {
  const money = (minor: number) => formatMoney(minor, effectCurrency(effect, tenantCurrency), locale());
  switch (effect.kind) {
    case 'percent_off':
      return t('promo.sum.percentOff', { percent: formatPercentBp(effect.percentBp, locale()) });
    case 'amount_off':
      return t(effect.per === 'tab' ? 'promo.sum.amountOffTab' : 'promo.sum.amountOffLine', { amount: money(effect.amount) });
    case 'fixed_price':
      return t('promo.sum.fixedPrice', { amount: money(effect.unitPrice) });
    case 'buy_x_get_y':
      return effect.percentBp === 10_000
        ? t('promo.sum.buyGetFree', { buy: effect.buyUnits, get: effect.getUnits })
        : t('promo.sum.buyGetOff', { buy: effect.buyUnits, get: effect.getUnits, percent: formatPercentBp(effect.percentBp, locale()) });
    case 'bundle_price':
      return t('promo.sum.bundle', { parts: effect.components.map(partSummary).join(' + '), amount: money(effect.price) });
    case 'points_rate':
      return t('promo.sum.pointsRate', { percent: formatPercentBp(effect.rateBp, locale()), account: accountName(accounts, effect.accountType) });
    case 'points_multiplier':
      return t('promo.sum.pointsMultiplier', { factor: formatScaled(effect.multiplierBp, FACTOR_DIGITS, locale()), account: accountName(accounts, effect.accountType) });
    case 'points_per_visit':
      return t('promo.sum.pointsPerVisit', { amount: accountAmount(accounts, effect.accountType, effect.points), account: accountName(accounts, effect.accountType) });
    case 'points_per_unit':
      return t('promo.sum.pointsPerUnit', { amount: accountAmount(accounts, effect.accountType, effect.points), account: accountName(accounts, effect.accountType) });
    case 'tab_limit':
      return t('promo.sum.tabLimit', { amount: money(effect.amount) });
    case 'daily_operations_limit':
      return t(effect.operation === 'identifications' ? 'promo.sum.dailyIdentifications' : 'promo.sum.dailyClosedTabs', { count: effect.count });
    case 'daily_bonus_spend_limit':
      return t('promo.sum.dailySpend', { amount: accountAmount(accounts, effect.accountType, effect.amount), account: accountName(accounts, effect.accountType) });
    case 'issue_coupon':
      return t('promo.sum.coupon', { category: effect.categoryCode, days: effect.validDays });
    case 'bonus_payment_cap':
      return t('promo.sum.paymentCap', { percent: formatPercentBp(effect.maxShareBp, locale()), account: accountName(accounts, effect.accountType) });
  }
}

const listed = (lists: ScopeLists | undefined): string[] => [
  ...(lists?.productGroupIds?.length ? [t('promo.sum.groups', { list: lists.productGroupIds.join(', ') })] : []),
  ...(lists?.productIds?.length ? [t('promo.sum.products', { list: lists.productIds.join(', ') })] : []),
  ...(lists?.tags?.length ? [t('promo.sum.tags', { list: lists.tags.join(', ') })] : []),
];

export function scopeSummary(scope: Scope): string {
  const included = listed(scope);
  const excluded = listed(scope.exclude);
  const base = included.length > 0 ? included.join('; ') : t('promo.sum.allLines');
  return excluded.length > 0 ? `${base} ${t('promo.sum.except', { list: excluded.join('; ') })}` : base;
}

/** Days as runs: 1–5 → "Mon–Fri", 1,3,6 → "Mon, Wed, Sat". */
export function daysSummary(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs
    .flatMap(([from, to]) => (to - from >= 2 ? [`${weekdayName(from)}–${weekdayName(to)}`] : from === to ? [weekdayName(from)] : [weekdayName(from), weekdayName(to)]))
    .join(', ');
}

export function conditionsSummary(conditions: Conditions, currency: string, timeZone: string): string[] {
  const date = (value: string) => formatDate(value, locale(), timeZone);
  const parts: string[] = [];
  if (conditions.daysOfWeek?.length && conditions.daysOfWeek.length < 7) parts.push(daysSummary(conditions.daysOfWeek));
  if (conditions.timeFrom && conditions.timeTo) parts.push(`${conditions.timeFrom}–${conditions.timeTo}`);
  if (conditions.dateFrom && conditions.dateTo) parts.push(`${date(conditions.dateFrom)} – ${date(conditions.dateTo)}`);
  else if (conditions.dateFrom) parts.push(t('promo.sum.dateFrom', { date: date(conditions.dateFrom) }));
  else if (conditions.dateTo) parts.push(t('promo.sum.dateTo', { date: date(conditions.dateTo) }));
  if (conditions.minTabAmount !== undefined) parts.push(t('promo.sum.minTab', { amount: formatMoney(conditions.minTabAmount, currency, locale()) }));
  if (conditions.minQuantity !== undefined) parts.push(t('promo.sum.minQuantity', { quantity: conditions.minQuantity }));
  const { minGuests, maxGuests } = conditions;
  if (minGuests !== undefined && maxGuests !== undefined) parts.push(t('promo.sum.guests', { min: minGuests, max: maxGuests }));
  else if (minGuests !== undefined) parts.push(t('promo.sum.minGuests', { count: minGuests }));
  else if (maxGuests !== undefined) parts.push(t('promo.sum.maxGuests', { count: maxGuests }));
  return parts;
}

/** One line per rule: what, on which lines, when. */
export function ruleSummary(rule: SalesRule, tenantCurrency: string, timeZone: string, accounts: AccountType[]): string {
  const currency = effectCurrency(rule.effect, tenantCurrency);
  return [effectSummary(rule.effect, tenantCurrency, accounts), scopeSummary(rule.scope), ...conditionsSummary(rule.conditions, currency, timeZone)].join(' · ');
}
