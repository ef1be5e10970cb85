import { Injectable } from '@nestjs/common';
import { VisitsService } from '../visits/visits.service.js';
import { standingKey, windowsOf, type Standing, type TierRule } from './tier-policy.js';

const IDS_PER_QUERY = 1000;

/** Customers' metrics for the windows the tiers look at, a batch of customers per query. */
@Injectable()
export class TierStandings {
  constructor(private readonly visits: VisitsService) {}

  async of(tenantId: string, customerIds: string[], rules: readonly TierRule[], now: Date): Promise<Map<string, Standing>> {
    const found = new Map<string, Standing>(customerIds.map((id) => [id, {}]));
    for (const windowDays of windowsOf(rules)) {
      for (let i = 0; i < customerIds.length; i += IDS_PER_QUERY) {
        const standings = await this.visits.standings(tenantId, customerIds.slice(i, i + IDS_PER_QUERY), windowDays, now);
        for (const [customerId, standing] of standings) {
          const into = found.get(customerId)!;
          into[standingKey('spent', windowDays)] = standing.spent;
          into[standingKey('visits', windowDays)] = standing.visits;
          into[standingKey('points', windowDays)] = standing.points;
        }
      }
    }
    return found;
  }
}
