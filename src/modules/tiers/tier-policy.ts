/**
 * Where a customer belongs among the tiers: pure, so the job, the check after a closed
 * tab and the tests decide the same way.
 */

import type { TierMetric } from './entities/tier.entity.js';

export interface TierRule {
  id: string;
  rank: number;
  metric: TierMetric;
  threshold: number;
  /** Rolling window in days; null counts the whole history. */
  windowDays: number | null;
  autoEnter: boolean;
  neverDowngrade: boolean;
}

/** A customer's metrics, keyed by standingKey(metric, windowDays). */
export type Standing = Record<string, number>;

export function standingKey(metric: TierMetric, windowDays: number | null): string {
  return `${metric}@${windowDays ?? 'all'}`;
}

export interface TierDecision {
  toTierId: string | null;
  reason: 'threshold_reached' | 'downgrade';
  /** The metric that decided: the new tier's for an upgrade, the tier left's for a downgrade. */
  metric: TierMetric;
  value: number;
  threshold: number;
}

/** How customers move down; null when only upgrades are considered (after a closed tab). */
export interface DowngradePolicy {
  /**
   * A named tier to move down to (the floor: no one in it or below it moves down), or
   * null: the highest lower tier they still qualify for, else the lowest.
   */
  targetTierId: string | null;
}

export function valueFor(tier: TierRule, standing: Standing): number {
  return standing[standingKey(tier.metric, tier.windowDays)] ?? 0;
}

const qualifies = (tier: TierRule, standing: Standing) => valueFor(tier, standing) >= tier.threshold;

/**
 * The move a customer is due, or null. Upgrades go to the highest tier above the current
 * one that lets customers in by themselves and whose threshold they reach. A downgrade
 * (only with a policy) leaves a tier whose threshold they no longer reach unless it is
 * `neverDowngrade`; it goes to the named target, or to the highest lower tier they still
 * qualify for, or else to the lowest tier — a customer who was in a tier keeps the base
 * one. Either way the result is stable: deciding again on the same standing moves no one.
 */
export function decideTier(activeTiers: readonly TierRule[], currentTierId: string | null, standing: Standing, downgrade: DowngradePolicy | null): TierDecision | null {
  const tiers = activeTiers.every((tier, i) => i === 0 || activeTiers[i - 1].rank < tier.rank) ? activeTiers : [...activeTiers].sort((a, b) => a.rank - b.rank);
  const current = tiers.find((tier) => tier.id === currentTierId) ?? null;
  const upgradeFrom = (floor: number, ceiling = Infinity) => {
    for (let i = tiers.length - 1; i >= 0; i--) {
      const tier = tiers[i];
      if (tier.rank > floor && tier.rank < ceiling && tier.autoEnter && qualifies(tier, standing)) return tier;
    }
    return undefined;
  };

  const up = upgradeFrom(current?.rank ?? -Infinity);
  if (up) return { toTierId: up.id, reason: 'threshold_reached', metric: up.metric, value: valueFor(up, standing), threshold: up.threshold };
  if (!downgrade || !current || current.neverDowngrade || qualifies(current, standing)) return null;

  const lower = tiers.filter((tier) => tier.rank < current.rank);
  const named = tiers.find((tier) => tier.id === downgrade.targetTierId);
  // The named tier is the floor of downgrades: nobody at or below it moves down further.
  if (named && named.rank >= current.rank) return null;
  const target = named
    ? (upgradeFrom(named.rank, current.rank) ?? named)
    : (lower.filter((tier) => qualifies(tier, standing)).pop() ?? lower[0]);
  if (!target) return null;
  return { toTierId: target.id, reason: 'downgrade', metric: current.metric, value: valueFor(current, standing), threshold: current.threshold };
}

/** The distinct windows the tiers look at, so a job computes each once. */
export function windowsOf(tiers: readonly TierRule[]): (number | null)[] {
  return [...new Set(tiers.map((tier) => tier.windowDays))];
}
