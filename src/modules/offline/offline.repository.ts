import { Injectable } from '@nestjs/common';
import { bindable, selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { OfflinePackKey } from './offline-pack-key.entity.js';
import { OfflineSpend } from './offline-spend.entity.js';

/** The offline module's tables: pack keys, and what offline tills spent. */
@Injectable()
export class OfflineRepository {
  constructor(private readonly uow: UnitOfWork) {}

  keyOf(tenantId: string): Promise<OfflinePackKey | null> {
    return this.uow.read((manager) => manager.findOneBy(OfflinePackKey, { tenantId }));
  }

  async insertKey(key: OfflinePackKey): Promise<void> {
    await this.uow.manager.insert(OfflinePackKey, key);
  }

  spend(tenantId: string, tabId: string, payment: number): Promise<OfflineSpend | null> {
    return this.uow.read((manager) => manager.findOneBy(OfflineSpend, { tenantId, tabId, payment }));
  }

  async insertSpend(spend: OfflineSpend): Promise<void> {
    await this.uow.manager.insert(OfflineSpend, spend);
  }

  /** The offline spends taken in [from, to), oldest first. */
  spendsBetween(tenantId: string, from: Date, to: Date): Promise<OfflineSpend[]> {
    return this.uow.read((manager) =>
      selectRows(manager, OfflineSpend, 'tenant_id = ? AND spent_at >= ? AND spent_at < ?', [tenantId, bindable(manager, OfflineSpend, 'spentAt', from), bindable(manager, OfflineSpend, 'spentAt', to)], {
        orderBy: 'spent_at ASC',
      }),
    );
  }
}
