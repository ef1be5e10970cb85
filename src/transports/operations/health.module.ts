import { Module } from '@nestjs/common';
import { JobsModule } from '../../modules/jobs/jobs.module.js';
import { OutboxModule } from '../../modules/outbox/outbox.module.js';
import { HealthController } from './health.controller.js';
import { OperationsLag } from './operations-lag.js';

/** The health routes, in a module of their own so they mount at their own path (operations-routes.ts). */
@Module({ imports: [JobsModule, OutboxModule], controllers: [HealthController], providers: [OperationsLag] })
export class HealthModule {}
