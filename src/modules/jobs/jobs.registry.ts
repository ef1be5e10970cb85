import { Injectable } from '@nestjs/common';
import type { JobName } from '../../common/config/regulars-options.js';

/** What a running job is given: its tenant, its run, the time it runs at. */
export interface JobContext {
  tenantId: string;
  runId: string;
  now: Date;
  /** Work done so far (and the whole, when known); keeps the run's lease alive. */
  progress(done: number, total: number | null): Promise<void>;
}

/** What a job reports when it ends: rows it changed, and counts worth keeping. */
export interface JobOutcome {
  rowsTouched: number;
  outcome: Record<string, number>;
}

export interface JobDefinition {
  name: JobName;
  description: string;
  /** Tenants that have something for the job to do at `now`. */
  tenants(now: Date): Promise<string[]>;
  run(context: JobContext): Promise<JobOutcome>;
}

/** The plugin's jobs; each module registers its own when it starts. */
@Injectable()
export class JobRegistry {
  private readonly jobs = new Map<JobName, JobDefinition>();

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  find(name: string): JobDefinition | undefined {
    return this.jobs.get(name as JobName);
  }

  all(): JobDefinition[] {
    return [...this.jobs.values()];
  }
}
