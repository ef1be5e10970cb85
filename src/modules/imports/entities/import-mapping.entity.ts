import { Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { ColumnMapping, ImportKind } from '../customer-rows.js';

/**
 * The columns a restaurant's files name each field by, as its last import read them: the
 * next file from the same system is read the same way without asking again.
 */
@Entity('rc_import_mappings')
export class ImportMapping {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'kind', type: 'varchar', length: 16 })
  kind: ImportKind;

  @JsonColumn('columns')
  columns: ColumnMapping['columns'];

  @JsonColumn('balances')
  balances: ColumnMapping['balances'];

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
