import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { JobsRepository } from './jobs.repository.js';

/** How long a lease lasts without progress; a crashed run blocks its job this long at most. */
export const LEASE_SECONDS = 300;

/**
 * One run per job and tenant at a time, across every instance on the database: a lease
 * row rather than GET_LOCK, so it works on both engines, survives connection pooling,
 * and expires by itself. Each change of a lease is its own transaction, committed at once:
 * other instances must see it while the run it guards goes on.
 */
@Injectable()
export class JobLeases {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: JobsRepository,
  ) {}

  async acquire(tenantId: string, job: string, holder: string, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + LEASE_SECONDS * 1000);
    try {
      await this.uow.transaction(() => this.repository.insertLease({ tenantId, job, holder, expiresAt }));
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.uow.transaction(() => this.repository.takeOverExpiredLease(tenantId, job, holder, expiresAt, now));
  }

  async renew(tenantId: string, job: string, holder: string, now: Date): Promise<void> {
    const expiresAt = new Date(now.getTime() + LEASE_SECONDS * 1000);
    await this.uow.transaction(() => this.repository.extendLease(tenantId, job, holder, expiresAt));
  }

  async release(tenantId: string, job: string, holder: string): Promise<void> {
    await this.uow.transaction(() => this.repository.deleteLease(tenantId, job, holder));
  }
}
