import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { CustomerTiers } from '../customers/customer-tiers.service.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { decideTier } from './tier-policy.js';
import { TierSettingsService } from './tier-settings.service.js';
import { TierStandings } from './tier-standings.service.js';
import { TiersRepository } from './tiers.repository.js';
import { TiersService, type PlannedMove } from './tiers.service.js';

/** Customers per batch: a few aggregate queries each, memory that does not grow with the tenant. */
export const TIER_JOB_BATCH = 10_000;
/** Moves carried out together, under one transaction's row locks. */
const MOVES_PER_TRANSACTION = 1000;

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
    private readonly repository: TiersRepository,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'tiers',
      description: 'Moves customers between tiers: upgrades missed at closing, and downgrades when due.',
      tenants: () => this.repository.tenantsWithActiveTiers(),
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
    let pending: PlannedMove[] = [];
    const carryOut = async () => {
      const moves = await this.uow.transaction(() => this.tiers.carryOut(tenantId, pending, rules, policy, { runId, now }));
      for (const move of moves) {
        if (move.reason === 'downgrade') outcome.downgrades += 1;
        else outcome.upgrades += 1;
      }
      pending = [];
    };
    const fetch = async (after: string) => {
      const batch = await this.customerTiers.activeAfter(tenantId, after, TIER_JOB_BATCH);
      return { batch, standings: await this.standings.ofBatch(tenantId, batch.map((row) => row.id), rules, now) };
    };
    // The database reads the next batch while this process decides on the current one.
    const [total, first] = await Promise.all([this.customerTiers.countActive(tenantId), fetch('')]);
    let next = first;
    while (next.batch.length > 0) {
      const { batch, standings } = next;
      const reading = fetch(batch[batch.length - 1].id);
      // Its failure is met at the await below; until then it must not count as unhandled.
      reading.catch(() => undefined);
      for (const row of batch) {
        const decision = decideTier(rules, row.tierId, standings.get(row.id) ?? {}, policy);
        if (decision) pending.push({ customerId: row.id, fromTierId: row.tierId, decision });
      }
      // On an ordinary night few customers move: their moves go in one transaction per
      // MOVES_PER_TRANSACTION, not one per batch.
      if (pending.length >= MOVES_PER_TRANSACTION) await carryOut();
      outcome.customers += batch.length;
      await progress(outcome.customers, total);
      next = await reading;
    }
    if (pending.length > 0) await carryOut();
    if (downgrades) await this.uow.transaction(() => this.settings.markDowngradesChecked(tenantId, now));
    return { rowsTouched: outcome.upgrades + outcome.downgrades, outcome };
  }
}
