import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { TenantRevisionsRepository } from './tenant-revisions.repository.js';

/** The tenant's revision: bumped with every change of what the till applies, read before using a cache of it. */
@Injectable()
export class TenantRevisions {
  /** Reads under way, shared by the calls that ask at the same moment (one per till call in a read scope). */
  private readonly reading = new Map<string, Promise<number>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: TenantRevisionsRepository,
  ) {}

  /** Inside the change's transaction, so the new revision is visible exactly when the change is. */
  async bump(tenantId: string): Promise<void> {
    await this.repository.bump(tenantId);
    this.uow.forget(`revision:${tenantId}`);
  }

  /**
   * A revision read together with something else (the guest's card): the rest of the
   * transaction or till call takes it rather than reading again, unless it read one already.
   */
  readWith(tenantId: string, revision: number): void {
    void this.uow.once(`revision:${tenantId}`, () => Promise.resolve(revision));
  }

  /** Once per transaction or till call; outside a transaction, reads under way are shared too. */
  current(tenantId: string): Promise<number> {
    return this.uow.once(`revision:${tenantId}`, () => {
      // Inside a transaction the read must be the transaction's own, not one under way outside it.
      if (this.uow.inTransaction) return this.repository.revisionOf(tenantId);
      let reading = this.reading.get(tenantId);
      if (!reading) {
        reading = this.repository.revisionOf(tenantId).finally(() => this.reading.delete(tenantId));
        this.reading.set(tenantId, reading);
      }
      return reading;
    });
  }
}

/**
 * Something read per tenant and kept while the tenant's revision stays: the rule book,
 * the rewards catalogue, the tiers, the account types, the settings.
 */
export class RevisionCache<T> {
  private readonly kept = new Map<string, { revision: number; value: T }>();

  constructor(
    private readonly revisions: TenantRevisions,
    private readonly load: (tenantId: string) => Promise<T>,
  ) {}

  async get(tenantId: string): Promise<T> {
    const revision = await this.revisions.current(tenantId);
    const kept = this.kept.get(tenantId);
    if (kept && kept.revision === revision) return kept.value;
    const value = await this.load(tenantId);
    this.kept.set(tenantId, { revision, value });
    return value;
  }
}
