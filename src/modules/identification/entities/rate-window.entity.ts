import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn, TenantIdColumn } from '../../../common/database/columns.js';

/**
 * A fixed-window counter per terminal, in the database so the limit holds across every
 * instance of the plugin (a counter in process memory would allow N times the limit).
 */
@Entity('rc_rate_windows')
export class RateWindow {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'bucket', type: 'varchar', length: 200 })
  bucket: string;

  /** Unix minute the counter belongs to. */
  @BigIntColumn('window_start')
  windowStart: number;

  @Column({ name: 'hits', type: 'integer' })
  hits: number;
}
