import { Module } from '@nestjs/common';
import { JobsModule } from '../../modules/jobs/jobs.module.js';
import { OutboxModule } from '../../modules/outbox/outbox.module.js';
import { LagGauges } from './lag-gauges.js';
import { MetricsController } from './metrics.controller.js';
import { OperationsLag } from './operations-lag.js';

/** The metrics route, in a module of its own so it mounts at its own path (operations-routes.ts), with the lag gauges. */
@Module({ imports: [JobsModule, OutboxModule], controllers: [MetricsController], providers: [OperationsLag, LagGauges] })
export class MetricsModule {}
