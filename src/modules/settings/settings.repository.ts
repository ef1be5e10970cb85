import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { TenantSettings } from './tenant-settings.entity.js';

/** A tenant's own settings, as stored: no row until its managers first change them. */
@Injectable()
export class SettingsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  settingsOf(tenantId: string): Promise<TenantSettings | null> {
    return this.uow.read((manager) => manager.findOneBy(TenantSettings, { tenantId }));
  }

  async saveSettings(settings: TenantSettings): Promise<void> {
    await this.uow.manager.save(TenantSettings, settings);
  }
}
