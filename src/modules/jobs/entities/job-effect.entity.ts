import { Entity, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/**
 * An effect a job may have only once, such as a guest's birthday gift of one year. The
 * job claims its key in the transaction that makes the effect; the primary key refuses
 * a second claim, whichever run or instance makes it.
 */
@Entity('rc_job_effects')
export class JobEffect {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'effect_key', type: 'varchar', length: 160 })
  effectKey: string;

  @KeyColumn('run_id', { length: 32 })
  runId: string;

  @TimeColumn('created_at')
  createdAt: Date;
}
