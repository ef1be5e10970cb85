import type { TabEvaluationDto } from '../evaluation/evaluation.dto.js';

/** One guest's part of a tab of several, as evaluate prices it. */
export interface GuestEvaluation {
  guestRef: string;
  evaluation: TabEvaluationDto;
}

/**
 * The tab of several guests as the till prints it: each line once, with what every guest's
 * part of it came to and the discounts each part got; totals, accruals, limits and why-nots
 * of all parts together; and each guest's own evaluation beside, which is what their close
 * accrues and what their card shows.
 */
export function tabOfGuests(parts: GuestEvaluation[], currency: string): TabEvaluationDto & { guests: GuestEvaluation[] } {
  const lines = new Map<string, TabEvaluationDto['lines'][number]>();
  for (const { evaluation } of parts) {
    for (const line of evaluation.lines) {
      const seen = lines.get(line.lineId);
      lines.set(
        line.lineId,
        seen
          ? {
              ...seen,
              amount: seen.amount + line.amount,
              discountBase: seen.discountBase + line.discountBase,
              discounts: [...seen.discounts, ...line.discounts],
              discountTotal: seen.discountTotal + line.discountTotal,
              amountAfter: seen.amountAfter + line.amountAfter,
            }
          : line,
      );
    }
  }
  const sum = (pick: (evaluation: TabEvaluationDto) => number) => parts.reduce((total, part) => total + pick(part.evaluation), 0);
  const accrual = new Map<string, TabEvaluationDto['accrual'][number]>();
  for (const { evaluation } of parts) {
    for (const item of evaluation.accrual) {
      const seen = accrual.get(item.accountType);
      accrual.set(item.accountType, seen ? { ...seen, points: seen.points + item.points, rules: [...seen.rules, ...item.rules] } : item);
    }
  }
  const all = <T>(pick: (evaluation: TabEvaluationDto) => T[]) => parts.flatMap((part) => pick(part.evaluation));
  return {
    customerId: null,
    currency,
    lines: [...lines.values()].sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0)),
    totals: {
      before: sum((evaluation) => evaluation.totals.before),
      discount: sum((evaluation) => evaluation.totals.discount),
      after: sum((evaluation) => evaluation.totals.after),
      serviceCharge: sum((evaluation) => evaluation.totals.serviceCharge),
    },
    accrual: [...accrual.values()],
    limits: all((evaluation) => evaluation.limits),
    coupons: all((evaluation) => evaluation.coupons),
    breaksLimit: parts.some((part) => part.evaluation.breaksLimit),
    categories: [...new Set(all((evaluation) => evaluation.categories))].sort(),
    benefits: [],
    notApplied: all((evaluation) => evaluation.notApplied),
    codes: parts[0]?.evaluation.codes ?? [],
    guests: parts,
  };
}
