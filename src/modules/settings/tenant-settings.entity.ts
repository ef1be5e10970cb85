import { Entity } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/** A tenant's own settings, changed by its managers; unset values fall back to the plugin options. */
@Entity('rc_tenant_settings')
export class TenantSettings {
  @TenantIdColumn()
  tenantId: string;

  @KeyColumn('default_country', { length: 2, nullable: true })
  defaultCountry: string | null;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}
