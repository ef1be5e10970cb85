import { Injectable, type OnModuleInit } from '@nestjs/common';
import { IsNull, LessThan, LessThanOrEqual, MoreThan } from 'typeorm';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { Hold } from './entities/hold.entity.js';
import { Lot } from './entities/lot.entity.js';
import { HoldsService } from './holds.service.js';
import { LotExpiry } from './lot-expiry.service.js';

const HOLDS_PER_BATCH = 200;

/** The purse's scheduled work: points lots past their expiry, and holds past their time. */
@Injectable()
export class AccountJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly uow: UnitOfWork,
    private readonly lots: LotExpiry,
    private readonly holds: HoldsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'lot-expiry',
      description: 'Writes off what is left of points lots past their expiry, one expiry entry per lot.',
      tenants: (now) => this.tenantsWith(Lot, { settledAt: IsNull(), expiresAt: LessThanOrEqual(now), remaining: MoreThan(0) }),
      run: (context) => this.expireLots(context),
    });
    this.jobs.register({
      name: 'hold-release',
      description: 'Gives back the balance of bonus holds past their time (tabs never closed or cancelled).',
      tenants: (now) => this.tenantsWith(Hold, { status: 'open', expiresAt: LessThan(now) }),
      run: (context) => this.releaseHolds(context),
    });
  }

  private async expireLots({ tenantId, now }: JobContext): Promise<JobOutcome> {
    const { lots, amount } = await this.lots.expireAll(tenantId, now);
    return { rowsTouched: lots, outcome: { lots, amount } };
  }

  private async releaseHolds({ tenantId, now, progress }: JobContext): Promise<JobOutcome> {
    let released = 0;
    for (;;) {
      const expired = await this.holds.expiredHolds(tenantId, now, HOLDS_PER_BATCH);
      let releasedNow = 0;
      for (const hold of expired) if (await this.holds.releaseIfExpired(tenantId, hold.id, now)) releasedNow += 1;
      released += releasedNow;
      await progress(released, null);
      // A batch that released nothing was all settled meanwhile by the tills: nothing is left.
      if (expired.length < HOLDS_PER_BATCH || releasedNow === 0) break;
    }
    return { rowsTouched: released, outcome: { holds: released } };
  }

  private tenantsWith(entity: typeof Lot | typeof Hold, where: object): Promise<string[]> {
    return this.uow.read(async (manager) => {
      const rows = await manager.getRepository(entity).createQueryBuilder('r').select('DISTINCT r.tenant_id', 'tenantId').where(where).getRawMany<{ tenantId: string }>();
      return rows.map((row) => row.tenantId);
    });
  }
}
