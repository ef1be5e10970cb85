import { Inject, Injectable } from '@nestjs/common';
import { bindable, placeholders } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { toExactInteger } from '../../common/money.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { customerRow } from './customer-rows.js';
import { Customer } from './entities/customer.entity.js';

export interface CustomerTierRow {
  id: string;
  tierId: string | null;
}

/**
 * The tier column of customers for the tiers module: active customers in keyset batches
 * of bare rows (no entities, so a job's memory stays flat), and locked reads and
 * set-based updates of their tier.
 */
@Injectable()
export class CustomerTiers {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async countActive(tenantId: string): Promise<number> {
    const row: { n: unknown } | undefined = await this.uow.read((manager) =>
      manager.createQueryBuilder(Customer, 'c').select('COUNT(*)', 'n').where("c.tenant_id = :tenantId AND c.status = 'active'", { tenantId }).getRawOne(),
    );
    return toExactInteger(row?.n ?? 0);
  }

  /** The next `limit` active customers after `afterId`, in id order. */
  async activeAfter(tenantId: string, afterId: string, limit: number): Promise<CustomerTierRow[]> {
    const rows: { id: string; tierId: string | null }[] = await this.uow.read((manager) =>
      manager
        .createQueryBuilder(Customer, 'c')
        .select('c.id', 'id')
        .addSelect('c.tier_id', 'tierId')
        .where("c.tenant_id = :tenantId AND c.id > :afterId AND c.status = 'active'", { tenantId, afterId })
        .orderBy('c.id', 'ASC')
        .limit(limit)
        .getRawMany(),
    );
    return rows;
  }

  /** The tiers of these active customers, their rows locked until the transaction ends. */
  async lock(tenantId: string, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const sorted = [...ids].sort();
    const lock = this.uow.engine === 'mysql' ? ' FOR UPDATE' : '';
    const rows: { id: string; tierId: string | null }[] = await this.uow.manager.query(
      `SELECT id, tier_id AS tierId FROM rc_customers WHERE tenant_id = ? AND id IN (${placeholders(sorted)}) AND status = 'active' ORDER BY id${lock}`,
      [tenantId, ...sorted],
    );
    return new Map(rows.map((row) => [row.id, row.tierId]));
  }

  async tierOf(tenantId: string, customerId: string): Promise<string | null> {
    return (await customerRow(this.uow, tenantId, customerId))?.tierId ?? null;
  }

  /** Moves these customers into the tier (or out of every tier) in one statement. */
  async setTier(tenantId: string, ids: string[], tierId: string | null): Promise<void> {
    if (ids.length === 0) return;
    await this.uow.manager.query(`UPDATE rc_customers SET tier_id = ?, updated_at = ? WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [
      tierId,
      bindable(this.uow.manager, Customer, 'updatedAt', this.config.clock.now()),
      tenantId,
      ...ids,
    ]);
  }
}
