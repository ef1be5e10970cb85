import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';

/** The metrics route, in a module of its own so it mounts at its own path (operations-routes.ts). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
