import { insertRows } from '../../common/database/bulk-writes.js';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { AuditEntry, type AuditChange } from './audit-entry.entity.js';

/** The audit log's entries. */
@Injectable()
export class AuditRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insertEntries(entries: AuditEntry[]): Promise<void> {
    await insertRows(this.uow.manager, AuditEntry, entries);
  }

  /** The entries about the customer, oldest first. */
  entriesAbout(tenantId: string, customerId: string): Promise<AuditEntry[]> {
    return this.uow.read((manager) => manager.find(AuditEntry, { where: { tenantId, customerId }, order: { id: 'ASC' } }));
  }

  /** The changes recorded in the tenant's entries (or in those about one customer), by entry. */
  changesOfEntries(where: { tenantId: string; customerId?: string }): Promise<Pick<AuditEntry, 'tenantId' | 'id' | 'changes'>[]> {
    return this.uow.read((manager) => manager.find(AuditEntry, { where, select: { tenantId: true, id: true, changes: true } }));
  }

  async setChanges(tenantId: string, id: string, changes: AuditChange[]): Promise<void> {
    await this.uow.manager.update(AuditEntry, { tenantId, id }, { changes });
  }
}
