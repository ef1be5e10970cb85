import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PluginMetrics } from '../../common/operations/plugin-metrics.js';
import { OperationsLag } from './operations-lag.js';
import { within } from '../../common/within.js';

/** A database that neither answers nor fails must not hold a scrape past Prometheus' timeout. */
const OUTBOX_TIMEOUT_MS = 3000;

/** Puts the shared lag (operations-lag.ts) on /metrics as gauges; nothing when metrics are off. */
@Injectable()
export class LagGauges implements OnModuleInit {
  constructor(
    private readonly metrics: PluginMetrics,
    private readonly lag: OperationsLag,
  ) {}

  onModuleInit(): void {
    this.metrics.watchLag({
      jobs: () => this.lag.jobs(),
      outbox: this.lag.relays ? () => within(OUTBOX_TIMEOUT_MS, 'the outbox', this.lag.outboxLag()).then((lag) => lag.lagSeconds) : null,
    });
  }
}
