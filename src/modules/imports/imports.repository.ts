import { Injectable } from '@nestjs/common';
import { selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { ImportKind } from './customer-rows.js';
import { ImportMapping } from './entities/import-mapping.entity.js';

/** The tenants' saved column mappings. */
@Injectable()
export class ImportsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async mapping(tenantId: string, kind: ImportKind): Promise<ImportMapping | null> {
    const [row] = await this.uow.read((manager) => selectRows(manager, ImportMapping, 'tenant_id = ? AND kind = ?', [tenantId, kind]));
    return row ?? null;
  }

  async saveMapping(mapping: ImportMapping): Promise<void> {
    await this.uow.manager.save(ImportMapping, mapping);
  }
}
