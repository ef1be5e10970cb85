import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { OutboxModule } from '../outbox/outbox.module.js';
import { JobLeases } from './job-leases.service.js';
import { JobRunner } from './job-runner.service.js';
import { JobScheduler } from './job-scheduler.service.js';
import { JobEffects } from './job-effects.service.js';
import { JobsController } from './jobs.controller.js';
import { JobRegistry } from './jobs.registry.js';
import { JobsRepository } from './jobs.repository.js';

/**
 * The plugin's scheduled jobs: the registry other modules add theirs to, the lease and
 * run records that make one instance do each run, the schedule, and the API to run one.
 * @nestjs/schedule is imported only for its registry: its explorer stays off, so a
 * host's own @Cron methods are never scheduled twice.
 */
@Module({
  imports: [ScheduleModule.forRoot({ cronJobs: false, intervals: false, timeouts: false }), OutboxModule],
  controllers: [JobsController],
  providers: [JobsRepository, JobRegistry, JobLeases, JobRunner, JobScheduler, JobEffects],
  exports: [JobRegistry, JobRunner, JobScheduler, JobEffects],
})
export class JobsModule {}
