import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobEffect } from './entities/job-effect.entity.js';
import { JobLease } from './entities/job-lease.entity.js';
import { JobRun } from './entities/job-run.entity.js';

/** The jobs' leases, their runs, and the effects a job may have once ever. */
@Injectable()
export class JobsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insertLease(lease: JobLease): Promise<void> {
    await this.uow.manager.insert(JobLease, lease);
  }

  /** Gives the lease to `holder` if it ran out before `now`; answers whether it did. */
  async takeOverExpiredLease(tenantId: string, job: string, holder: string, expiresAt: Date, now: Date): Promise<boolean> {
    return (await this.uow.manager.update(JobLease, { tenantId, job, expiresAt: LessThan(now) }, { holder, expiresAt })).affected === 1;
  }

  async extendLease(tenantId: string, job: string, holder: string, expiresAt: Date): Promise<void> {
    await this.uow.manager.update(JobLease, { tenantId, job, holder }, { expiresAt });
  }

  async deleteLease(tenantId: string, job: string, holder: string): Promise<void> {
    await this.uow.manager.delete(JobLease, { tenantId, job, holder });
  }

  async insertRun(run: JobRun): Promise<void> {
    await this.uow.manager.insert(JobRun, run);
  }

  async finishRun(run: JobRun): Promise<void> {
    await this.uow.manager.update(
      JobRun,
      { tenantId: run.tenantId, id: run.id },
      { status: run.status, rowsTouched: run.rowsTouched, outcome: run.outcome, error: run.error, finishedAt: run.finishedAt },
    );
  }

  /** The tenant's last `limit` runs of the job, newest first. */
  latestRuns(tenantId: string, job: string, limit: number): Promise<JobRun[]> {
    return this.uow.read((manager) => manager.find(JobRun, { where: { tenantId, job }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit }));
  }

  effect(tenantId: string, effectKey: string): Promise<JobEffect | null> {
    return this.uow.read((manager) => manager.findOneBy(JobEffect, { tenantId, effectKey }));
  }

  async insertEffect(effect: JobEffect): Promise<void> {
    await this.uow.manager.insert(JobEffect, effect);
  }

  /** The effects claimed under keys that start with `prefix`, oldest first. */
  effectsWithPrefix(tenantId: string, prefix: string): Promise<JobEffect[]> {
    const pattern = `${prefix.replace(/[!%_]/g, '!$&')}%`;
    return this.uow.read((manager) => selectRows(manager, JobEffect, "tenant_id = ? AND effect_key LIKE ? ESCAPE '!'", [tenantId, pattern], { orderBy: 'created_at ASC' }));
  }
}
