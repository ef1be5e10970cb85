import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { JobName, RegularsConfig } from '../../common/config/regulars-options.js';
import { JobRunner } from './job-runner.service.js';
import { JobRegistry } from './jobs.registry.js';

/**
 * Puts the plugin's jobs on @nestjs/schedule's registry with the crons of the options, in
 * the plugin's time zone. Every instance schedules them; the runner's lease and the
 * tick's unique run make one instance do the work.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Regulars');
  private readonly scheduled: string[] = [];

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly schedules: SchedulerRegistry,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const job of this.registry.all()) {
      const cron = this.config.jobs[job.name];
      if (!cron) continue;
      const name = `regulars:${job.name}`;
      this.schedules.addCronJob(name, CronJob.from({ cronTime: cron, timeZone: this.config.timeZone, onTick: () => this.tick(job.name), start: true }));
      this.scheduled.push(name);
    }
    if (this.scheduled.length > 0) {
      this.logger.log(`jobs scheduled in ${this.config.timeZone}: ${this.scheduled.map((name) => `${name.slice('regulars:'.length)} "${this.config.jobs[name.slice('regulars:'.length) as JobName]}"`).join(', ')}`);
    }
  }

  onModuleDestroy(): void {
    for (const name of this.scheduled.splice(0)) {
      this.schedules.getCronJob(name).stop();
      this.schedules.deleteCronJob(name);
    }
  }

  /** One firing of a job's schedule; every instance names it by the same minute. */
  async tick(job: JobName): Promise<void> {
    const now = this.config.clock.now();
    const tick = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    try {
      const { runs } = await this.runner.runEverywhere(job, { trigger: 'schedule', tick });
      if (runs.length > 0) this.logger.log(`job ${job}: ${runs.length} tenant run(s) for ${tick}`);
    } catch (error) {
      this.logger.error(`job ${job} at ${tick} failed`, (error as Error).stack);
    }
  }
}
