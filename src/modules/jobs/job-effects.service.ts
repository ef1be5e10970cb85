import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { JobEffect } from './entities/job-effect.entity.js';
import { JobsRepository } from './jobs.repository.js';

/** Effects a job may have once ever: claimed by key inside the effect's own transaction. */
@Injectable()
export class JobEffects {
  constructor(
    private readonly repository: JobsRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * Claims the key for this run and answers true, or false when it was claimed before.
   * Must run inside the effect's transaction, so a rolled-back effect frees its key.
   */
  async claim(tenantId: string, effectKey: string, runId: string): Promise<boolean> {
    if (await this.repository.effect(tenantId, effectKey)) return false;
    try {
      await this.repository.insertEffect({ tenantId, effectKey, runId, createdAt: this.config.clock.now() });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** The effects claimed under keys that start with `prefix`, oldest first. */
  withPrefix(tenantId: string, prefix: string): Promise<JobEffect[]> {
    return this.repository.effectsWithPrefix(tenantId, prefix);
  }
}
