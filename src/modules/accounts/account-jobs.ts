import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { AccountsRepository } from './accounts.repository.js';
import { HoldsService } from './holds.service.js';
import { LotExpiry } from './lot-expiry-job.js';

const HOLDS_PER_BATCH = 200;

/** The purse's scheduled work: points lots past their expiry, and holds past their time. */
@Injectable()
export class AccountJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly uow: UnitOfWork,
    private readonly repository: AccountsRepository,
    private readonly lots: LotExpiry,
    private readonly holds: HoldsService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'lot-expiry',
      description: 'Writes off what is left of points lots past their expiry, one expiry entry per lot, and tells subscribers of lots expiring within the notice period, once per lot.',
      tenants: (now) => this.repository.tenantsWithLotsToExpireOrAnnounce(now, new Date(now.getTime() + this.config.expiryNoticeDays * 86_400_000)),
      run: (context) => this.expireLots(context),
    });
    this.jobs.register({
      name: 'hold-release',
      description: 'Gives back the balance of bonus holds past their time (tabs never closed or cancelled).',
      tenants: (now) => this.repository.tenantsWithExpiredHolds(now),
      run: (context) => this.releaseHolds(context),
    });
  }

  private async expireLots({ tenantId, now }: JobContext): Promise<JobOutcome> {
    const { lots, amount } = await this.lots.expireAll(tenantId, now);
    const announced = await this.lots.announceExpiring(tenantId, now);
    return { rowsTouched: lots + announced, outcome: { lots, amount, announced } };
  }

  private async releaseHolds({ tenantId, now, progress }: JobContext): Promise<JobOutcome> {
    let released = 0;
    for (;;) {
      const expired = await this.holds.expiredHolds(tenantId, now, HOLDS_PER_BATCH);
      let releasedNow = 0;
      // A transaction per hold: a till waits on the job's locks for one hold at most.
      for (const hold of expired) if (await this.uow.transaction(() => this.holds.releaseIfExpired(tenantId, hold.id, now))) releasedNow += 1;
      released += releasedNow;
      await progress(released, null);
      // A batch that released nothing was all settled meanwhile by the tills: nothing is left.
      if (expired.length < HOLDS_PER_BATCH || releasedNow === 0) break;
    }
    return { rowsTouched: released, outcome: { holds: released } };
  }
}
