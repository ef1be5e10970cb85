/**
 * Integer money arithmetic. Every rounding of the engine happens here and is half-up on
 * minor units: 12.345 cents of discount is 12, 12.5 is 13.
 */

/** round_half_up(value × numerator / denominator), exact for any safe integers. */
export function mulDivHalfUp(value: number, numerator: number, denominator: number): number {
  const product = value * numerator;
  if (Number.isSafeInteger(product)) return Math.floor((product * 2 + denominator) / (2 * denominator));
  const big = (BigInt(value) * BigInt(numerator) * 2n + BigInt(denominator)) / (2n * BigInt(denominator));
  return Number(big);
}

/**
 * The most points one unit of money can earn, however rates and multipliers stack, as the
 * factor accrual multiplies by (rate in basis points × multiplier in basis points): 1,000
 * points per unit. With a tab of at most 10^12 minor units a tab earns at most 10^15
 * points, so every accrual stays an exact integer.
 */
export const MAX_ACCRUAL_FACTOR = 1_000 * 10_000 * 10_000;

/** A share in basis points (1/100 of a percent). */
export function basisPoints(value: number, bp: number): number {
  return mulDivHalfUp(value, bp, 10_000);
}

/**
 * Splits `total` over `weights` in proportion, in whole minor units, so the parts sum
 * exactly to the total: each part is rounded down and the remainder goes, a unit at a
 * time, to the largest weights (ties to the earlier key). Zero weights get nothing
 * unless every weight is zero.
 */
export function prorate(total: number, weights: { key: string; weight: number }[]): Map<string, number> {
  const parts = new Map<string, number>();
  const sum = weights.reduce((acc, w) => acc + w.weight, 0);
  if (weights.length === 0) return parts;
  if (sum === 0) {
    for (const w of weights) parts.set(w.key, 0);
    parts.set(weights[0].key, total);
    return parts;
  }
  const floors = weights.map((w) => Math.floor((w.weight * total) / sum));
  let left = total - floors.reduce((acc, part) => acc + part, 0);
  // Each floor loses less than a unit, so fewer units are left than there are weights. Keys
  // are unique (line ids), so two never compare equal.
  const order = weights.map((_, i) => i).sort((a, b) => weights[b].weight - weights[a].weight || (weights[a].key < weights[b].key ? -1 : 1));
  for (let i = 0; left > 0; i++, left--) floors[order[i]] += 1;
  weights.forEach((w, i) => parts.set(w.key, floors[i]));
  return parts;
}

/**
 * What an accrual comes to when part of the bill is paid from bonus money: points accrue on
 * the money part only (`after` less `bonusPaid`), unless the tenant accrues on bonus too.
 */
export function accrualOnMoneyPaid(points: number, after: number, bonusPaid: number, accrueOnBonusPayments: boolean): number {
  if (accrueOnBonusPayments || after === 0 || bonusPaid <= 0) return points;
  return mulDivHalfUp(points, Math.max(0, after - bonusPaid), after);
}
