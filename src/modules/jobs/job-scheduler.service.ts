import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { JobName, RegularsConfig } from '../../common/config/regulars-options.js';
import { JobRunner } from './job-runner.service.js';
import { JobRegistry } from './jobs.registry.js';

/** A scheduled job that missed its runs: its last complete tick, and when the second tick after it was due. */
export interface LaggingJob {
  job: JobName;
  lastCompletedAt: string;
  overdueSince: string;
}

/**
 * Puts the plugin's jobs on @nestjs/schedule's registry with the crons of the options, in
 * the plugin's time zone. Every instance schedules them; the runner's lease and the
 * tick's unique run make one instance do the work.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Regulars');
  private readonly scheduled: string[] = [];
  /** Per job, the last tick whose runs all succeeded here or were another instance's to do; start-up before the first. */
  private readonly completed = new Map<JobName, Date>();

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly schedules: SchedulerRegistry,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const startedAt = this.config.clock.now();
    for (const job of this.registry.all()) {
      const cron = this.config.jobs[job.name];
      if (!cron) continue;
      const name = `regulars:${job.name}`;
      this.schedules.addCronJob(name, CronJob.from({ cronTime: cron, timeZone: this.config.timeZone, onTick: () => this.tick(job.name), start: true }));
      this.scheduled.push(name);
      this.completed.set(job.name, startedAt);
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

  /**
   * The jobs scheduled here whose schedule fired twice since their last complete tick: one
   * failed or slow run is the next tick's to make up; two in a row is lag an operator should see.
   */
  lagging(now: Date): LaggingJob[] {
    return this.lag(now).flatMap(({ job, lastCompletedAt, overdueSince }) => (overdueSince ? [{ job, lastCompletedAt, overdueSince }] : []));
  }

  /**
   * Per job scheduled here, how far it is behind its schedule: the seconds since the first tick
   * after its last complete one (0 until that tick is due), and when the second such tick was
   * due, once it was (then it is `lagging`).
   */
  lag(now: Date): { job: JobName; lagSeconds: number; lastCompletedAt: string; overdueSince: string | null }[] {
    return [...this.completed].map(([job, lastCompleted]) => {
      const schedule = new CronTime(this.config.jobs[job]!, this.config.timeZone);
      const first = schedule.getNextDateFrom(lastCompleted).toJSDate();
      const second = schedule.getNextDateFrom(first).toJSDate();
      return {
        job,
        lagSeconds: Math.max(0, Math.floor((now.getTime() - first.getTime()) / 1000)),
        lastCompletedAt: lastCompleted.toISOString(),
        overdueSince: second < now ? second.toISOString() : null,
      };
    });
  }

  /** One firing of a job's schedule; every instance names it by the same minute. */
  async tick(job: JobName): Promise<void> {
    const now = this.config.clock.now();
    const tick = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    try {
      const { runs } = await this.runner.runEverywhere(job, { trigger: 'schedule', tick });
      if (runs.every((run) => run.status === 'succeeded')) this.completed.set(job, now);
      if (runs.length > 0) this.logger.log(`job ${job}: ${runs.length} tenant run(s) for ${tick}`);
    } catch (error) {
      this.logger.error(`job ${job} at ${tick} failed`, (error as Error).stack);
    }
  }
}
