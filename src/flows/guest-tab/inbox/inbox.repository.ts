import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { insertRows } from '../../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../../common/database/unit-of-work.js';
import { InboxEntry } from './inbox-entry.entity.js';

/** The inbox of host events: one row per event id received. */
@Injectable()
export class InboxRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insertEntry(entry: InboxEntry): Promise<void> {
    await insertRows(this.uow.manager, InboxEntry, [entry]);
  }

  entryOfEvent(tenantId: string, eventId: string): Promise<InboxEntry | null> {
    return this.uow.read((manager) => manager.findOneBy(InboxEntry, { tenantId, eventId }));
  }

  entryOfAppliedKey(tenantId: string, appliedKey: string): Promise<InboxEntry | null> {
    return this.uow.read((manager) => manager.findOneBy(InboxEntry, { tenantId, appliedKey }));
  }

  /** Whether an entry has the event's id or its applied key: one look-up, reading only the id. */
  async hasEventOrAppliedKey(tenantId: string, eventId: string, appliedKey: string): Promise<boolean> {
    const found = await this.uow.read((manager) =>
      manager.findOne(InboxEntry, { where: [{ tenantId, eventId }, { tenantId, appliedKey }], select: { eventId: true } }),
    );
    return found !== null;
  }

  entriesOfTab(tenantId: string, tabId: string): Promise<InboxEntry[]> {
    return this.uow.read((manager) => manager.find(InboxEntry, { where: { tenantId, tabId }, order: { tabVersion: 'ASC', receivedAt: 'ASC' } }));
  }

  /** The entries that keep a card answered for the customer, oldest first. */
  entriesWithCardOf(tenantId: string, customerId: string): Promise<InboxEntry[]> {
    return this.uow.read((manager) =>
      manager.find(InboxEntry, { where: { tenantId, cardCustomerId: customerId, card: Not(IsNull()) }, order: { receivedAt: 'ASC' } }),
    );
  }

  /** Drops the cards kept for the customer, or for every customer of the tenant; answers how many. */
  async forgetCards(tenantId: string, customerId?: string): Promise<number> {
    const cardCustomerId = customerId ?? Not(IsNull());
    return (await this.uow.manager.update(InboxEntry, { tenantId, cardCustomerId, card: Not(IsNull()) }, { card: null })).affected ?? 0;
  }
}
