import { Entity, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/**
 * Who runs a job for a tenant right now. Taken by inserting the row, or by taking over
 * one whose time has run out (a crashed instance blocks a job only until then); renewed
 * while the job reports progress; deleted when it ends.
 */
@Entity('rc_job_leases')
export class JobLease {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'job', type: 'varchar', length: 32 })
  job: string;

  /** The run holding it. */
  @KeyColumn('holder', { length: 32 })
  holder: string;

  @TimeColumn('expires_at')
  expiresAt: Date;
}
