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
 * `prorate` by position, for weights in the order of their keys (a tab's lines, by id) that
 * are whole non-negative numbers: the parts by position.
 */
export function prorateInOrder(total: number, weights: number[]): number[] {
  const count = weights.length;
  const parts = new Array<number>(count).fill(0);
  if (count === 0) return parts;
  let sum = 0;
  for (const weight of weights) sum += weight;
  if (sum === 0) {
    parts[0] = total;
    return parts;
  }
  let left = total;
  for (let i = 0; i < count; i++) {
    parts[i] = Math.floor((weights[i] * total) / sum);
    left -= parts[i];
  }
  if (left <= 0) return parts;
  // The units left go to the `left` largest weights, the earlier of equal ones first: every
  // weight above the `left`-th largest, then those equal to it in order. Finding that one
  // weight costs less than ordering them all.
  const threshold = kthLargest(weights, left);
  for (let i = 0; i < count; i++) {
    if (weights[i] > threshold) {
      parts[i] += 1;
      left -= 1;
    }
  }
  for (let i = 0; left > 0; i++) {
    if (weights[i] === threshold) {
      parts[i] += 1;
      left -= 1;
    }
  }
  return parts;
}

/** The k-th largest of the values (k from 1), by Hoare's selection on a copy. */
function kthLargest(values: number[], k: number): number {
  const copy = values.slice();
  const target = copy.length - k;
  let low = 0;
  let high = copy.length - 1;
  while (low < high) {
    const pivot = copy[(low + high) >> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (copy[i] < pivot) i++;
      while (copy[j] > pivot) j--;
      if (i <= j) {
        [copy[i], copy[j]] = [copy[j], copy[i]];
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    // Between the two parts every value equals the pivot.
    else return pivot;
  }
  return copy[target];
}

/**
 * What an accrual comes to when part of the bill is paid from bonus money: points accrue on
 * the money part only (`after` less `bonusPaid`), unless the tenant accrues on bonus too.
 */
export function accrualOnMoneyPaid(points: number, after: number, bonusPaid: number, accrueOnBonusPayments: boolean): number {
  if (accrueOnBonusPayments || after === 0 || bonusPaid <= 0) return points;
  return mulDivHalfUp(points, Math.max(0, after - bonusPaid), after);
}
