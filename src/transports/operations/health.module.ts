import { Module } from '@nestjs/common';
import { JobsModule } from '../../modules/jobs/jobs.module.js';
import { OutboxModule } from '../../modules/outbox/outbox.module.js';
import { HealthController } from './health.controller.js';

/** The health routes, in a module of their own so they mount at their own path (operations-routes.ts). */
@Module({ imports: [JobsModule, OutboxModule], controllers: [HealthController] })
export class HealthModule {}
