import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { PromotionRevision } from './entities/promotion-revision.entity.js';

/** The tenant's promotions revision: bumped with every change, read before using a cached rule book. */
@Injectable()
export class PromotionRevisions {
  constructor(private readonly uow: UnitOfWork) {}

  /** Inside the change's transaction, so the new revision is visible exactly when the change is. */
  async bump(tenantId: string): Promise<void> {
    const manager = this.uow.manager;
    const updated = await manager.increment(PromotionRevision, { tenantId }, 'revision', 1);
    if (!updated.affected) await manager.insert(PromotionRevision, { tenantId, revision: 1 });
  }

  async current(tenantId: string): Promise<number> {
    const row = await this.uow.read((manager) => manager.findOneBy(PromotionRevision, { tenantId }));
    return row?.revision ?? 0;
  }
}
