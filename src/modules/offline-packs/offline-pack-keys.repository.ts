import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { OfflinePackKey } from './offline-pack-key.entity.js';

@Injectable()
export class OfflinePackKeysRepository {
  constructor(private readonly uow: UnitOfWork) {}

  keyOf(tenantId: string): Promise<OfflinePackKey | null> {
    return this.uow.read((manager) => manager.findOneBy(OfflinePackKey, { tenantId }));
  }

  async insertKey(key: OfflinePackKey): Promise<void> {
    await this.uow.manager.insert(OfflinePackKey, key);
  }
}
