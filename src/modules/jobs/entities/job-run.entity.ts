import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

export const JOB_TRIGGERS = ['schedule', 'api', 'cli'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];
export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/**
 * One run of a job for one tenant: when, who started it, what it touched. A scheduled
 * run carries the tick it belongs to in `scheduled_key`, unique, so the same tick run
 * by two instances is recorded, and done, once.
 */
@Entity('rc_job_runs')
@Index('rc_job_runs_job', ['tenantId', 'job', 'startedAt'])
@Index('rc_job_runs_scheduled', ['tenantId', 'scheduledKey'], { unique: true })
export class JobRun {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('job', { length: 32 })
  job: string;

  @KeyColumn('job_trigger', { length: 16 })
  trigger: JobTrigger;

  @KeyColumn('scheduled_key', { length: 80, nullable: true })
  scheduledKey: string | null;

  /** The instance that ran it (host name and process id). */
  @KeyColumn('instance', { length: 128 })
  instance: string;

  @KeyColumn('status', { length: 16 })
  status: JobRunStatus;

  @TimeColumn('started_at')
  startedAt: Date;

  @TimeColumn('finished_at', { nullable: true })
  finishedAt: Date | null;

  @BigIntColumn('rows_touched', { default: 0 })
  rowsTouched: number;

  /** What the job reports of its work: { customers: 100000, moves: 12 }. */
  @JsonColumn('outcome')
  outcome: Record<string, number>;

  @Column({ name: 'error', type: 'text', nullable: true })
  error: string | null;
}
