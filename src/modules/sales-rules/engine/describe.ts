import type { BundleComponent, Effect, Rule } from './types.js';

const formats = new Map<string, Intl.NumberFormat>();

function money(amount: number, currency: string): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
    formats.set(currency, format);
  }
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

function percent(bp: number): string {
  return `${bp / 100}%`;
}

/** A bundle's component by what its scope takes in: "2 × pizza", "fries", "any item". */
function component({ scope, units }: BundleComponent): string {
  const named = [...(scope.productGroupIds ?? []), ...(scope.productIds ?? []), ...(scope.tags ?? [])];
  return `${units > 1 ? `${units} × ` : ''}${named.length > 0 ? named.join('/') : 'any item'}`;
}

/** What a rule does, in words a waiter can repeat to a guest. */
export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'percent_off':
      return `${percent(effect.percentBp)} off`;
    case 'amount_off':
      return `${money(effect.amount, effect.currency)} off ${effect.per === 'tab' ? 'the tab' : 'each line'}`;
    case 'fixed_price':
      return `${money(effect.unitPrice, effect.currency)} each`;
    case 'buy_x_get_y':
      return effect.percentBp === 10_000 ? `${effect.buyUnits}+${effect.getUnits}` : `buy ${effect.buyUnits}, ${percent(effect.percentBp)} off ${effect.getUnits}`;
    case 'bundle_price':
      return `${effect.components.map(component).join(' + ')} for ${money(effect.price, effect.currency)}`;
    case 'free_units':
      return `${effect.units} free`;
    case 'points_rate':
      return `${percent(effect.rateBp)} in ${effect.accountType}`;
    case 'points_multiplier':
      return `${effect.multiplierBp / 10_000}× ${effect.accountType}`;
    case 'points_per_visit':
      return `${effect.points} ${effect.accountType} a visit`;
    case 'points_per_unit':
      return `${effect.points} ${effect.accountType} each`;
    case 'tab_limit':
      return `tab limit ${money(effect.amount, effect.currency)}`;
    case 'daily_operations_limit':
      return `${effect.count} ${effect.operation.replace('_', ' ')} a day`;
    case 'daily_bonus_spend_limit':
      return `${effect.amount} of ${effect.accountType} a day`;
    case 'issue_coupon':
      return `a ${effect.categoryCode} coupon for ${effect.validDays} days`;
    case 'bonus_payment_cap':
      return `${effect.accountType} pays at most ${percent(effect.maxShareBp)}`;
  }
}

/** The reason shown beside a discount: the rule's own name, or what it does, and its category. */
export function reasonFor(rule: Rule): string {
  return `${rule.name ?? describeEffect(rule.effect)} (${rule.categoryCode})`;
}
