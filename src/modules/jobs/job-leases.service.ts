import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobLease } from './entities/job-lease.entity.js';

/** How long a lease lasts without progress; a crashed run blocks its job this long at most. */
export const LEASE_SECONDS = 300;

/**
 * One run per job and tenant at a time, across every instance on the database: a lease
 * row rather than GET_LOCK, so it works on both engines, survives connection pooling,
 * and expires by itself.
 */
@Injectable()
export class JobLeases {
  constructor(private readonly uow: UnitOfWork) {}

  async acquire(tenantId: string, job: string, holder: string, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + LEASE_SECONDS * 1000);
    try {
      await this.uow.transaction((manager) => manager.insert(JobLease, { tenantId, job, holder, expiresAt }));
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const taken = await this.uow.transaction((manager) => manager.update(JobLease, { tenantId, job, expiresAt: LessThan(now) }, { holder, expiresAt }));
    return taken.affected === 1;
  }

  async renew(tenantId: string, job: string, holder: string, now: Date): Promise<void> {
    const expiresAt = new Date(now.getTime() + LEASE_SECONDS * 1000);
    await this.uow.transaction((manager) => manager.update(JobLease, { tenantId, job, holder }, { expiresAt }));
  }

  async release(tenantId: string, job: string, holder: string): Promise<void> {
    await this.uow.transaction((manager) => manager.delete(JobLease, { tenantId, job, holder }));
  }
}
