import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { PluginMetrics } from '../../common/operations/plugin-metrics.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { Outbox } from '../outbox/outbox.service.js';
import type { JobRun, JobTrigger } from './entities/job-run.entity.js';
import { JobLeases, LEASE_SECONDS } from './job-leases.service.js';
import { JobsRepository } from './jobs.repository.js';
import { JobRegistry, type JobDefinition } from './jobs.registry.js';

export interface RunRequest {
  trigger: JobTrigger;
  /** The schedule's tick a scheduled run belongs to; one run per tenant and tick. */
  tick?: string;
  onProgress?: (done: number, total: number | null) => void;
}

const INSTANCE = `${hostname()}:${process.pid}`;

/**
 * Runs a job for a tenant under its lease and records the run. Two instances asked at
 * once: one runs, the other is told the job is running (409) or, for the same scheduled
 * tick, that it ran already. The run's record is written in transactions of its own, before
 * and after the job's: a failed job is still recorded, and a running one is seen as running.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Regulars');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly registry: JobRegistry,
    private readonly leases: JobLeases,
    private readonly repository: JobsRepository,
    private readonly outbox: Outbox,
    private readonly metrics: PluginMetrics,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  definition(name: string): JobDefinition {
    const job = this.registry.find(name);
    if (!job) throw new RegularsError('unknown_job', `job: there is no job ${name}; the jobs are ${this.registry.all().map((j) => j.name).join(', ')}`);
    return job;
  }

  /**
   * Runs the job for every tenant that has work for it; what a schedule's tick does.
   * Tenants whose run is going on elsewhere, or whose tick ran already, are skipped.
   */
  async runEverywhere(name: string, request: RunRequest): Promise<{ runs: JobRun[]; skipped: { tenantId: string; reason: string }[] }> {
    const job = this.definition(name);
    const runs: JobRun[] = [];
    const skipped: { tenantId: string; reason: string }[] = [];
    for (const tenantId of await job.tenants(this.config.clock.now())) {
      try {
        runs.push(await this.run(name, tenantId, request));
      } catch (error) {
        if (!(error instanceof RegularsError)) throw error;
        skipped.push({ tenantId, reason: error.message });
      }
    }
    return { runs, skipped };
  }

  async run(name: string, tenantId: string, request: RunRequest): Promise<JobRun> {
    const job = this.definition(name);
    const now = this.config.clock.now();
    const run: JobRun = {
      tenantId,
      id: newId('jr', now),
      job: name,
      trigger: request.trigger,
      scheduledKey: request.tick ? `${name}@${request.tick}` : null,
      instance: INSTANCE,
      status: 'running',
      startedAt: now,
      finishedAt: null,
      rowsTouched: 0,
      outcome: {},
      error: null,
    };
    if (!(await this.leases.acquire(tenantId, name, run.id, now))) {
      throw new RegularsError('job_running', `job ${name} is running for tenant ${tenantId} in another instance or run`);
    }
    try {
      await this.record(run);
      const started = performance.now();
      let renewedAt = Date.now();
      const progress = async (done: number, total: number | null) => {
        request.onProgress?.(done, total);
        if (Date.now() - renewedAt > (LEASE_SECONDS * 1000) / 3) {
          renewedAt = Date.now();
          await this.leases.renew(tenantId, name, run.id, this.config.clock.now());
        }
      };
      try {
        const result = await job.run({ tenantId, runId: run.id, now, progress });
        Object.assign(run, { status: 'succeeded', rowsTouched: result.rowsTouched, outcome: result.outcome });
      } catch (error) {
        this.logger.error(`job ${name} for ${tenantId} failed`, (error as Error).stack);
        Object.assign(run, { status: 'failed', error: (error as Error).message.slice(0, 2000) });
      }
      run.finishedAt = this.config.clock.now();
      this.metrics.jobRun(name, run.status, (performance.now() - started) / 1000, run.rowsTouched);
      await this.uow.transaction(() => this.finish(run));
      return run;
    } finally {
      await this.leases.release(tenantId, name, run.id);
    }
  }

  async history(tenantId: string, name: string, limit: number): Promise<JobRun[]> {
    this.definition(name);
    return this.repository.latestRuns(tenantId, name, limit);
  }

  /** The run's outcome, and its failure told in the same transaction: a run recorded failed is a run reported failed. */
  private async finish(run: JobRun): Promise<void> {
    await this.repository.finishRun(run);
    if (run.status !== 'failed') return;
    this.outbox.record(run.tenantId, 'job_run.failed', {
      runId: run.id,
      job: run.job,
      trigger: run.trigger,
      startedAt: run.startedAt.toISOString(),
      failedAt: run.finishedAt!.toISOString(),
      error: run.error!,
    });
  }

  private async record(run: JobRun): Promise<void> {
    try {
      await this.uow.transaction(() => this.repository.insertRun(run));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new RegularsError('job_ran', `job ${run.job} ran already for tick ${run.scheduledKey} of tenant ${run.tenantId}`);
    }
  }
}
