import { MODULE_PATH } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { HealthModule } from './health.module.js';
import { MetricsModule } from './metrics.module.js';

/**
 * Mounts the health and metrics routes at their paths under `routePrefix`, or drops them
 * when their option is off — which forRootAsync only tells at run time, after the modules
 * are declared. Dropped before the router and the OpenAPI scanner read the controllers, an
 * option that is off leaves no route behind, not even one to collide with the host's.
 */
export function mountOperations(modules: ModulesContainer, config: RegularsConfig): void {
  for (const module of modules.values()) {
    const part = module.metatype === HealthModule ? config.operations.health : module.metatype === MetricsModule ? config.operations.metrics : undefined;
    if (part === undefined) continue;
    if (part === null) module.controllers.clear();
    else Reflect.defineMetadata(MODULE_PATH + modules.applicationId, `/${[config.routePrefix, part.path].filter(Boolean).join('/')}`, module.metatype);
  }
}
