import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { CustomerTiers } from '../customers/customer-tiers.service.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { Tier } from './entities/tier.entity.js';
import { decideTier } from './tier-policy.js';
import { TierSettingsService } from './tier-settings.service.js';
import { TierStandings } from './tier-standings.service.js';
import { TiersService, type PlannedMove } from './tiers.service.js';

/** Customers per batch: a few aggregate queries each, memory that does not grow with the tenant. */
export const TIER_JOB_BATCH = 2000;

/**
 * The nightly tier re-evaluation: upgrades a closed tab did not make, and downgrades when
 * they are due. Set-based: active customers in keyset batches of bare ids, their metrics
 * by aggregate queries per batch, moves written per batch under the movers' row locks.
 */
@Injectable()
export class TierJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly uow: UnitOfWork,
    private readonly tiers: TiersService,
    private readonly settings: TierSettingsService,
    private readonly standings: TierStandings,
    private readonly customerTiers: CustomerTiers,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'tiers',
      description: 'Moves customers between tiers: upgrades missed at closing, and downgrades when due.',
      tenants: () => this.uow.read(async (manager) => (await manager.createQueryBuilder(Tier, 't').select('DISTINCT t.tenant_id', 'tenantId').where('t.active = :active', { active: true }).getRawMany<{ tenantId: string }>()).map((row) => row.tenantId)),
      run: (context) => this.run(context),
    });
  }

  async run({ tenantId, runId, now, progress }: JobContext): Promise<JobOutcome> {
    const rules = await this.tiers.rules(tenantId);
    const settings = await this.settings.get(tenantId);
    const downgrades = this.settings.downgradesDue(settings, now);
    const policy = downgrades ? { targetTierId: settings.downgradeTargetTierId } : null;
    const outcome = { customers: 0, upgrades: 0, downgrades: 0, downgradesChecked: Number(downgrades) };
    if (rules.length === 0) return { rowsTouched: 0, outcome };
    const total = await this.customerTiers.countActive(tenantId);
    let after = '';
    for (;;) {
      const batch = await this.customerTiers.activeAfter(tenantId, after, TIER_JOB_BATCH);
      if (batch.length === 0) break;
      const standings = await this.standings.of(tenantId, batch.map((row) => row.id), rules, now);
      const planned: PlannedMove[] = batch.flatMap((row) => {
        const decision = decideTier(rules, row.tierId, standings.get(row.id) ?? {}, policy);
        return decision ? [{ customerId: row.id, fromTierId: row.tierId, decision }] : [];
      });
      for (const move of await this.tiers.carryOut(tenantId, planned, rules, policy, { runId, now })) {
        if (move.reason === 'downgrade') outcome.downgrades += 1;
        else outcome.upgrades += 1;
      }
      outcome.customers += batch.length;
      after = batch[batch.length - 1].id;
      await progress(outcome.customers, total);
    }
    if (downgrades) await this.settings.markDowngradesChecked(tenantId, now);
    return { rowsTouched: outcome.upgrades + outcome.downgrades, outcome };
  }
}
