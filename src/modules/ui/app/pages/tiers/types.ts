/** The API's tiers, tier settings and job runs, as the pages read them. */
export const TIER_METRICS = ['spent', 'points', 'visits'] as const;
export type TierMetric = (typeof TIER_METRICS)[number];

export interface Tier {
  id: string;
  code: string;
  name: string;
  rank: number;
  categories: string[];
  metric: TierMetric;
  /** Minor units for spent, points for points, a count for visits. */
  threshold: number;
  windowDays: number | null;
  autoEnter: boolean;
  neverDowngrade: boolean;
  active: boolean;
}

export interface TierSettings {
  downgradeEnabled: boolean;
  downgradePeriodDays: number;
  downgradeTargetTierCode: string | null;
  lastDowngradeCheckAt: string | null;
}

export interface JobRun {
  id: string;
  job: string;
  trigger: 'schedule' | 'api' | 'cli';
  status: 'running' | 'succeeded' | 'failed';
  instance: string;
  startedAt: string;
  finishedAt: string | null;
  rowsTouched: number;
  outcome: Record<string, number>;
  error: string | null;
}

export interface PromotionCategory {
  id: string;
  code: string;
  name: string;
  active: boolean;
}
