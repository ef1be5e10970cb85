import { Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { JobDto, JobRunDto, JobRunsQueryDto, presentRun } from './dto/job.dto.js';
import { JobRunner } from './job-runner.service.js';
import { JobRegistry } from './jobs.registry.js';

@RegularsController('jobs', 'jobs')
export class JobsController {
  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  @Get()
  @ActorSigned('settings.manage')
  @ApiOperation({ summary: 'The plugin’s scheduled jobs, their schedules and the tenant’s last run of each' })
  @ApiOkResponse({ type: [JobDto] })
  async list(@CurrentActor() actor: RequestActor): Promise<JobDto[]> {
    return Promise.all(
      this.registry.all().map(async (job) => {
        const [last] = await this.runner.history(actor.tenantId, job.name, 1);
        return { name: job.name, description: job.description, cron: this.config.jobs[job.name] || null, lastRun: last ? presentRun(last) : null };
      }),
    );
  }

  @Post(':job/runs')
  @ActorSigned('settings.manage')
  @ApiOperation({ summary: 'Run a job for the tenant now and answer its run; 409 while it runs elsewhere' })
  @ApiCreatedResponse({ type: JobRunDto })
  @ApiConflictResponse({ description: '`job_running`: another instance or run holds the job.' })
  async run(@CurrentActor() actor: RequestActor, @Param('job') job: string): Promise<JobRunDto> {
    return presentRun(await this.runner.run(job, actor.tenantId, { trigger: 'api' }));
  }

  @Get(':job/runs')
  @ActorSigned('settings.manage')
  @ApiOperation({ summary: 'The tenant’s runs of a job, newest first' })
  @ApiOkResponse({ type: [JobRunDto] })
  async history(@CurrentActor() actor: RequestActor, @Param('job') job: string, @Query() query: JobRunsQueryDto): Promise<JobRunDto[]> {
    return (await this.runner.history(actor.tenantId, job, query.limit ?? 20)).map(presentRun);
  }
}
