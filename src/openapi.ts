import { createRequire } from 'node:module';
import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { REGULARS_CONTROLLER } from './common/regulars-controller.decorator.js';
import { CONTRACT_VERSION } from './config/regulars.constants.js';

/** The plugin's OpenAPI document: its routes only (never the host's), under its routePrefix, with the signing headers. */
export function regularsOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Regulars')
    .setDescription(
      `Regular-customer and loyalty plugin, host contract version ${CONTRACT_VERSION}. ` +
        'Every call is signed: X-Regulars-Timestamp and X-Regulars-Signature (v1=HMAC-SHA256 under the tenant secret); ' +
        'terminal and management calls also carry a signed X-Regulars-Actor header. Money is integer minor units.',
    )
    .setVersion(String(CONTRACT_VERSION))
    .build();
  return SwaggerModule.createDocument(app, config, { include: pluginModules(app) });
}

/**
 * Serves the document at `/<path>-json` and, unless `ui` is false, its UI at `/<path>`
 * (CONTRACT.md: /docs). On Fastify the UI needs @fastify/static; without it only the JSON
 * is served.
 */
export function setupRegularsOpenApi(app: INestApplication, path = 'docs', options: { ui?: boolean } = {}): OpenAPIObject {
  const document = regularsOpenApiDocument(app);
  const ui = options.ui ?? (app.getHttpAdapter().getType() !== 'fastify' || resolvable('@fastify/static'));
  SwaggerModule.setup(path, app, document, { ui });
  return document;
}

/** The modules that hold the plugin's controllers. */
function pluginModules(app: INestApplication): Type<unknown>[] {
  return [...app.get(ModulesContainer).values()]
    .filter((module) => [...module.controllers.values()].some(({ metatype }) => metatype && Reflect.getMetadata(REGULARS_CONTROLLER, metatype)))
    .map((module) => module.metatype as Type<unknown>);
}

function resolvable(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}
