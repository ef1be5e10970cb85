import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { GuestCard } from './guest-card.entity.js';
import { GuestCardsRepository, type StoredCard } from './guest-cards.repository.js';

/**
 * The read model behind the till card. What is in the facts is the customer-card flow's
 * business; this module keeps them, and each module whose writes change them says so
 * here, inside the write's transaction (`changed`). Erasure and the tenant's purge change
 * the customers' rows, which drops the facts with every other change.
 */
@Injectable()
export class GuestCards {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: GuestCardsRepository,
  ) {}

  /** The stored card, with the tenant's revision read in the same statement. */
  stored(tenantId: string, customerId: string): Promise<StoredCard | null> {
    return this.repository.cardOf(tenantId, customerId);
  }

  store(card: GuestCard): Promise<void> {
    return this.repository.store(card);
  }

  /**
   * These guests' cards are old once the caller's transaction commits. Gathered and written
   * once, just before the commit: a close's steps each name the guest, the database sees
   * one statement, and the rows stay locked for the shortest time.
   */
  changed(tenantId: string, customerIds: readonly (string | null | undefined)[]): void {
    const named = customerIds.filter((id): id is string => typeof id === 'string');
    if (named.length > 0) this.uow.atCommit(`guest-cards:${tenantId}`, named, (ids) => this.repository.markOld(tenantId, ids));
  }

  /** The same for the guests the rows written name (a batch's rows may span tenants). */
  changedRows(rows: readonly { tenantId: string; customerId: string | null }[]): void {
    const byTenant = new Map<string, string[]>();
    for (const { tenantId, customerId } of rows) if (customerId) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), customerId]);
    for (const [tenantId, customerIds] of byTenant) this.changed(tenantId, customerIds);
  }

  /** Every guest's card of the tenant is old, in the caller's transaction (a change to all of them at once). */
  changedForEveryGuest(tenantId: string): Promise<void> {
    return this.repository.markAllOld(tenantId);
  }
}
