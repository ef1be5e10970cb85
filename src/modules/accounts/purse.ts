import { addDays, localDate, startOfLocalDay } from '../../common/calendar.js';
import type { ExpiryPolicy } from './entities/account-type.entity.js';

/**
 * The purse's arithmetic, pure: balances, what may be spent, which lots a debit takes
 * from, and when credits expire. The accounts service only persists what this decides.
 */

export interface Balance {
  total: number;
  held: number;
}

export function available(balance: Balance): number {
  return balance.total - balance.held;
}

/** The lowest `available` an account may reach: 0, or minus its credit limit. */
export function floorOf(type: { allowNegative: boolean; creditLimit: number }): number {
  return type.allowNegative ? -type.creditLimit : 0;
}

export function canSpend(balance: Balance, amount: number, type: { allowNegative: boolean; creditLimit: number }): boolean {
  return available(balance) - amount >= floorOf(type);
}

export interface LotLeft {
  id: string;
  remaining: number;
  expiresAt: Date | null;
}

/** Which lots a debit takes from: those expiring first, then the oldest; never more than is left. */
export function takeFromLots(lots: LotLeft[], amount: number): { lotId: string; take: number }[] {
  const order = [...lots]
    .filter((lot) => lot.remaining > 0)
    .sort((a, b) => {
      if (a.expiresAt && b.expiresAt && a.expiresAt.getTime() !== b.expiresAt.getTime()) return a.expiresAt.getTime() - b.expiresAt.getTime();
      if (a.expiresAt && !b.expiresAt) return -1;
      if (!a.expiresAt && b.expiresAt) return 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  const takes: { lotId: string; take: number }[] = [];
  let left = amount;
  for (const lot of order) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    takes.push({ lotId: lot.id, take });
    left -= take;
  }
  return takes;
}

/** When something credited at `at` expires under the account type's policy, in the tenant's zone. */
export function expiryOf(policy: ExpiryPolicy, at: Date, timeZone: string): Date | null {
  switch (policy.kind) {
    case 'never':
      return null;
    case 'days_after_credit':
      // The end of the last local day: credited on the 1st with 30 days, usable through the 31st.
      return startOfLocalDay(addDays(localDate(at, timeZone), policy.days + 1), timeZone);
    case 'end_of_period': {
      const [year, month] = localDate(at, timeZone).split('-').map(Number);
      const firstMonthAfter = policy.period === 'month' ? month + 1 : policy.period === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 4 : 13;
      const nextYear = year + Math.floor((firstMonthAfter - 1) / 12);
      const nextMonth = ((firstMonthAfter - 1) % 12) + 1;
      return startOfLocalDay(`${nextYear}-${String(nextMonth).padStart(2, '0')}-01`, timeZone);
    }
  }
}

/** An accrual rounded down to the account type's step (whole points, whole cents). */
export function roundedAccrual(amount: number, step: number): number {
  return step > 1 ? Math.floor(amount / step) * step : amount;
}
