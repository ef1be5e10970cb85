import { Controller, Get, Res, SetMetadata } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { PluginMetrics } from '../../common/operations/plugin-metrics.js';
import { REGULARS_CONTROLLER } from '../../common/regulars-controller.decorator.js';

/**
 * The plugin's metrics for a Prometheus scrape. Unsigned, as scrapers are: the metrics carry
 * route patterns, event types and counts, never a tenant, a guest or an id. Out of the
 * OpenAPI document: no host calls it, a scraper does. Mounted at `operations.metrics.path`
 * (operations-routes.ts), or not at all.
 */
@Controller()
@SetMetadata(REGULARS_CONTROLLER, true)
@ApiExcludeController()
export class MetricsController {
  constructor(
    private readonly metrics: PluginMetrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get()
  async scrape(@Res({ passthrough: true }) response: unknown): Promise<string> {
    const { contentType, text } = (await this.metrics.exposition())!;
    this.adapterHost.httpAdapter.setHeader(response, 'content-type', contentType);
    return text;
  }
}
