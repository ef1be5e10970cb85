import { Injectable } from '@nestjs/common';
import { VisitsService } from '../visits/visits.service.js';
import { standingKey, windowsOf, type Standing, type TierRule } from './tier-policy.js';

const IDS_PER_QUERY = 1000;

/** Customers' metrics for the windows the tiers look at, a batch of customers per query. */
@Injectable()
export class TierStandings {
  constructor(private readonly visits: VisitsService) {}

  /** For the customers named. */
  async of(tenantId: string, customerIds: string[], rules: readonly TierRule[], now: Date): Promise<Map<string, Standing>> {
    const found = new Map<string, Standing>(customerIds.map((id) => [id, {}]));
    for (let i = 0; i < customerIds.length; i += IDS_PER_QUERY) await this.collect(found, tenantId, customerIds.slice(i, i + IDS_PER_QUERY), rules, now);
    return found;
  }

  /** For a keyset batch: the customers given, whose ids run from the first to the last. */
  async ofBatch(tenantId: string, customerIds: string[], rules: readonly TierRule[], now: Date): Promise<Map<string, Standing>> {
    const found = new Map<string, Standing>(customerIds.map((id) => [id, {}]));
    if (customerIds.length > 0) await this.collect(found, tenantId, { from: customerIds[0], to: customerIds[customerIds.length - 1] }, rules, now);
    return found;
  }

  private async collect(found: Map<string, Standing>, tenantId: string, customers: string[] | { from: string; to: string }, rules: readonly TierRule[], now: Date): Promise<void> {
    for (const windowDays of windowsOf(rules)) {
      const metrics = [...new Set(rules.filter((rule) => rule.windowDays === windowDays).map((rule) => rule.metric))];
      for (const [customerId, standing] of await this.visits.standings(tenantId, customers, windowDays, now, metrics)) {
        // A range also finds customers outside the batch (terminated ones): they are not asked about.
        const into = found.get(customerId);
        if (!into) continue;
        for (const metric of metrics) into[standingKey(metric, windowDays)] = standing[metric];
      }
    }
  }
}
