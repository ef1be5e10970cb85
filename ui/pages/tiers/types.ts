import { valuesOf, type Schema } from '../../schema.js';

/** The API's tiers, tier settings and job runs, as the pages read them. */
export type Tier = Schema<'TierDto'>;
export type TierMetric = Tier['metric'];
export const TIER_METRICS = valuesOf<TierMetric>({ spent: true, points: true, visits: true });

export type TierSettings = Schema<'TierSettingsDto'>;
export type JobRun = Schema<'JobRunDto'>;
export type PromotionCategory = Schema<'PromotionCategoryDto'>;
