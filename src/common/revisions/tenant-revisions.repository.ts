import { Injectable } from '@nestjs/common';
import { selectRows } from '../database/bulk-writes.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { TenantRevision } from './tenant-revision.entity.js';

/** The tenant's revision as a column of another read (0 before its first change): one statement where two would be. */
export const tenantRevisionOf = (tenantColumn: string): string => `COALESCE((SELECT r.revision FROM rc_tenant_revisions r WHERE r.tenant_id = ${tenantColumn}), 0)`;

/** The tenants' revision rows. */
@Injectable()
export class TenantRevisionsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The tenant's revision; 0 before its first change. */
  async revisionOf(tenantId: string): Promise<number> {
    const [row] = await this.uow.read((manager) => selectRows(manager, TenantRevision, 'tenant_id = ?', [tenantId]));
    return row?.revision ?? 0;
  }

  /** One revision on: the row is made at the tenant's first change. */
  async bump(tenantId: string): Promise<void> {
    const manager = this.uow.manager;
    const updated = await manager.increment(TenantRevision, { tenantId }, 'revision', 1);
    if (!updated.affected) await manager.insert(TenantRevision, { tenantId, revision: 1 });
  }
}
