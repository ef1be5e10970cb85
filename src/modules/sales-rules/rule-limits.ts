import { localDate } from '../../common/calendar.js';
import type { EffectKind } from './engine/types.js';

/**
 * How often a rule may give, and how much: per rule (the whole programme: "the first 100
 * redemptions"), per guest, per location or per promo code, each over a day, a week, a
 * month, a year or in total, counting redemptions (tabs it discounted) or discount money.
 */
export const LIMIT_PERS = ['rule', 'guest', 'location', 'code'] as const;
export type LimitPer = (typeof LIMIT_PERS)[number];

export const LIMIT_PERIODS = ['day', 'week', 'month', 'year', 'total'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

export interface RuleLimit {
  per: LimitPer;
  period: LimitPeriod;
  /** Tabs the rule may discount in the period. */
  redemptions?: number;
  /** Minor units the rule may take off in the period, all its tabs together. */
  discount?: number;
}

/** A rule's limits, and whether a tab that would go past a money budget gets what is left of it instead of nothing. */
export interface RuleBudget {
  limits: RuleLimit[];
  partialReward: boolean;
}

/** The effects a limit can count: those that take money off a tab. */
export const LIMITABLE_KINDS: readonly EffectKind[] = ['percent_off', 'amount_off', 'fixed_price', 'buy_x_get_y', 'bundle_price'];

/** Which period a moment falls in, on the restaurant's calendar: `2026-11-22`, `2026-W47`, `2026-11`, `2026`, `total`. */
export function periodKey(period: LimitPeriod, at: Date, timeZone: string): string {
  const day = localDate(at, timeZone);
  switch (period) {
    case 'day':
      return day;
    case 'month':
      return day.slice(0, 7);
    case 'year':
      return day.slice(0, 4);
    case 'total':
      return 'total';
    case 'week': {
      // ISO 8601: a week runs Monday to Sunday and belongs to the year of its Thursday.
      const date = new Date(`${day}T00:00:00Z`);
      date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3);
      const year = date.getUTCFullYear();
      const week = 1 + Math.floor((date.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
  }
}
