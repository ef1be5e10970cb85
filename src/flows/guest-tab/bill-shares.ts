import type { Evaluation, LineResult } from '../../modules/sales-rules/engine/types.js';
import { shareOut } from '../../contract/tab-parts.js';

/** A line of a priced bill with the points its share of each accrual comes to. */
export interface LineShare {
  line: LineResult;
  points: Record<string, number>;
}

/**
 * Each line of the bill with its part of every accrual, in proportion to what the line comes
 * to after discounts (largest remainder): the parts of a split bill add up to the bill's
 * points exactly, so each line earns once whatever tab it is closed on.
 */
export function lineShares(bill: Evaluation): Map<string, LineShare> {
  const shares = new Map(bill.lines.map((line) => [line.lineId, { line, points: {} as Record<string, number> }]));
  for (const accrual of bill.accrual) {
    const parts = shareOut(accrual.points, bill.lines.map((line) => line.amountAfter));
    bill.lines.forEach((line, i) => (shares.get(line.lineId)!.points[accrual.accountType] = parts[i]));
  }
  return shares;
}

/**
 * The bill of some of the lines, as priced when they were on one bill: their discounts and
 * points, the rules' limits and categories of the whole; the coupons the bill gives go with
 * the tab that keeps them (the one the bill was split from), so they are given once.
 */
export function billOfLines(bill: Evaluation, shares: Map<string, LineShare>, lineIds: string[], options: { serviceCharge: number; coupons: boolean }): Evaluation | null {
  const taken = lineIds.map((id) => shares.get(id));
  if (taken.some((share) => share === undefined)) return null;
  const lines = (taken as LineShare[]).map((share) => share.line).sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  const before = lines.reduce((sum, line) => sum + line.amount, 0);
  const discount = lines.reduce((sum, line) => sum + line.discountTotal, 0);
  const accrual = bill.accrual.map((whole) => ({ ...whole, points: (taken as LineShare[]).reduce((sum, share) => sum + (share.points[whole.accountType] ?? 0), 0) }));
  return {
    ...bill,
    lines,
    totals: { before, discount, after: before - discount, serviceCharge: options.serviceCharge },
    accrual: accrual.filter((part) => part.points > 0),
    coupons: options.coupons ? bill.coupons : [],
    notApplied: [],
  };
}
