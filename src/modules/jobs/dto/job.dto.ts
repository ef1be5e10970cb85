import { ApiProperty, PickType } from '@nestjs/swagger';
import { PageQueryDto } from '../../../common/pagination.js';
import { JOB_RUN_STATUSES, JOB_TRIGGERS, type JobRunStatus, type JobTrigger, type JobRun } from '../entities/job-run.entity.js';

export class JobRunDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'tiers' }) job: string;
  @ApiProperty({ enum: JOB_TRIGGERS }) trigger: JobTrigger;
  @ApiProperty({ enum: JOB_RUN_STATUSES }) status: JobRunStatus;
  @ApiProperty({ example: 'worker-1:4242' }) instance: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt: string | null;
  @ApiProperty() rowsTouched: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { customers: 100000, upgrades: 12, downgrades: 3 } }) outcome: Record<string, number>;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class JobDto {
  @ApiProperty({ example: 'tiers' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String, example: '0 3 * * *', description: 'Its schedule in this instance, in the plugin’s time zone; null when not scheduled here.' })
  cron: string | null;
  @ApiProperty({ nullable: true, type: () => JobRunDto }) lastRun: JobRunDto | null;
}

export class JobRunsQueryDto extends PickType(PageQueryDto, ['limit'] as const) {}

export function presentRun(run: JobRun): JobRunDto {
  return {
    id: run.id,
    job: run.job,
    trigger: run.trigger,
    status: run.status,
    instance: run.instance,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    rowsTouched: run.rowsTouched,
    outcome: run.outcome,
    error: run.error,
  };
}
