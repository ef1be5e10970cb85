import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { CustomersRepository, type CustomerTierRow } from './customers.repository.js';

/**
 * The tier column of customers for the tiers module: active customers in keyset batches
 * of bare rows (no entities, so a job's memory stays flat), and locked reads and
 * set-based updates of their tier.
 */
@Injectable()
export class CustomerTiers {
  constructor(
    private readonly repository: CustomersRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  countActive(tenantId: string): Promise<number> {
    return this.repository.countActive(tenantId);
  }

  /** The next `limit` active customers after `afterId`, in id order. */
  activeAfter(tenantId: string, afterId: string, limit: number): Promise<CustomerTierRow[]> {
    return this.repository.activeTiersAfter(tenantId, afterId, limit);
  }

  /** The tiers of these active customers, their rows locked until the transaction ends. */
  async lock(tenantId: string, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    return new Map((await this.repository.lockActiveCustomers(tenantId, ids)).map((customer) => [customer.id, customer.tierId]));
  }

  async tierOf(tenantId: string, customerId: string): Promise<string | null> {
    return (await this.repository.customer(tenantId, customerId))?.tierId ?? null;
  }

  /** Moves these customers into the tier (or out of every tier) in one statement. */
  async setTier(tenantId: string, ids: string[], tierId: string | null): Promise<void> {
    if (ids.length === 0) return;
    await this.repository.setTier(tenantId, ids, tierId, this.config.clock.now());
  }
}
