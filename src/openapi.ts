import { createRequire } from 'node:module';
import type { INestApplication, Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type SchemaObject } from '@nestjs/swagger';
import { ERROR_CODES } from './common/errors/error-codes.js';
import { IDEMPOTENCY_RULE, REPLAY_HARMLESS, type IdempotencyRule } from './common/idempotency/idempotent.decorator.js';
import { REGULARS_CONTROLLER } from './common/regulars-controller.decorator.js';
import { CONTRACT_VERSION } from './common/config/regulars.constants.js';
import { REQUIRED_PERMISSION } from './common/security/require-permission.decorator.js';
import { SignedEventGuard } from './common/security/signed-request.guards.js';

/** The component every error response of the document points at. */
export const REFUSAL_SCHEMA = 'RegularsError';

/** What RegularsErrorFilter answers for every refusal (CONTRACT.md: Refusals). */
const REFUSAL: SchemaObject = {
  type: 'object',
  description: 'A refusal. Details of it (candidates, limit, account, hold…) sit beside `code`, named by each route.',
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 404 },
    error: { type: 'string', example: 'Not Found' },
    code: { type: 'string', enum: Object.keys(ERROR_CODES), description: 'The stable machine-readable reason; CONTRACT.md lists what each means.', example: 'not_found' },
    message: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: 'What was wrong; for `invalid_input` the list of `field: what is wrong` lines.',
      example: 'customer c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G not found',
    },
    retryAfterSeconds: { type: 'integer', description: 'With 429 and 503: how long to wait before sending again (Retry-After says the same).' },
  },
  additionalProperties: true,
};

type OperationIdFactory = (controllerKey: string, methodKey: string) => string;
const operationIdOf: OperationIdFactory = (controllerKey, methodKey) => `${controllerKey}_${methodKey}`;

/** The plugin's OpenAPI document: its routes only (never the host's), under its routePrefix, with the signing headers. */
export function regularsOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Regulars')
    .setDescription(
      `Regular-customer and loyalty plugin, host contract version ${CONTRACT_VERSION}. ` +
        'Every call is signed: X-Regulars-Timestamp and X-Regulars-Signature (v1=HMAC-SHA256 under the tenant secret); ' +
        'terminal and management calls also carry a signed X-Regulars-Actor header. Money is integer minor units. ' +
        `Every refusal answers the ${REFUSAL_SCHEMA} schema.`,
    )
    .setVersion(String(CONTRACT_VERSION))
    .build();
  const document = SwaggerModule.createDocument(app, config, { include: pluginModules(app), operationIdFactory: operationIdOf });
  documentRefusals(document, routesOf(app));
  defaultsInWords(document);
  return document;
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

/** What a route's decorators say about the refusals every route of its kind can answer. */
interface RouteKind {
  /** A host event signed over its body, a call signed under an actor, or a page's session cookie. */
  caller: 'host' | 'actor' | 'page';
  permission?: string;
  /** Its signature is recorded, so the same signed request again is a replay. */
  recordsSignature: boolean;
  idempotency?: IdempotencyRule;
}

/** Each plugin route's kind, by the operationId the document gives it. */
function routesOf(app: INestApplication): Map<string, RouteKind> {
  const routes = new Map<string, RouteKind>();
  for (const controller of pluginControllers(app)) {
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const metadata = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
      const guards: unknown[] = [...(Reflect.getMetadata(GUARDS_METADATA, controller) ?? []), ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? [])];
      const permission = metadata<string>(REQUIRED_PERMISSION);
      const caller = permission ? 'actor' : guards.includes(SignedEventGuard) ? 'host' : 'page';
      routes.set(operationIdOf(controller.name, name), {
        caller,
        permission,
        recordsSignature: caller === 'actor' && !metadata<boolean>(REPLAY_HARMLESS),
        idempotency: metadata<IdempotencyRule>(IDEMPOTENCY_RULE),
      });
    }
  }
  return routes;
}

/**
 * Adds the refusals every route of a kind can answer (a signed one 401, an actor's 403, one
 * with ids in its path 404, …) to what each route documents itself, and points every error
 * response at the one refusal schema: a client generated from the document then knows every
 * status a call can answer and the body each one brings.
 */
function documentRefusals(document: OpenAPIObject, routes: Map<string, RouteKind>): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [REFUSAL_SCHEMA]: REFUSAL } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const route = routes.get(operation.operationId ?? '');
      if (!route) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} has no plugin route behind it`);
      for (const [status, description] of Object.entries(standardRefusals(route, operation, method))) {
        const own = operation.responses[status];
        const ownDescription = own && 'description' in own ? own.description : '';
        operation.responses[status] = { description: [ownDescription, description].filter(Boolean).join(' ') };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (isRefusal(status) && response && 'description' in response) {
          response.content = { 'application/json': { schema: { $ref: `#/components/schemas/${REFUSAL_SCHEMA}` } } };
        }
      }
    }
  }
}

/**
 * A field the plugin fills in when it is left out says so in words, not with `default`:
 * client generators (openapi-typescript's default among them) make every field with a
 * `default` required, and a request body would then demand what it may omit.
 */
function defaultsInWords(document: OpenAPIObject): void {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    for (const property of Object.values(('properties' in schema && schema.properties) || {})) {
      if (!('default' in property) || property.default === undefined) continue;
      const fallback = `Left out: ${JSON.stringify(property.default)}.`;
      property.description = property.description ? `${property.description} ${fallback}` : fallback;
      delete property.default;
    }
  }
}

/** A 3xx of the plugin is a refusal too: `300 ambiguous` lists the candidates to choose from. */
const isRefusal = (status: string) => Number(status) >= 300;

function standardRefusals(route: RouteKind, operation: OperationObject, method: string): Record<number, string> {
  const pathIds = (operation.parameters ?? []).flatMap((parameter) => ('in' in parameter && parameter.in === 'path' ? [parameter.name] : []));
  const takesBody = operation.requestBody !== undefined;
  const refusals: Record<number, string> = {
    503: '`busy`: the database stayed locked or could not be reached; nothing was written, send it again after Retry-After.',
  };
  if (route.caller === 'page') {
    refusals[401] = '`unauthorized`: no signed-in page session (a write also needs its X-Regulars-CSRF).';
    return refusals;
  }
  refusals[400] = `\`invalid_input\`: \`message\` lists the \`field: what is wrong\` lines (${
    route.caller === 'host' ? 'of the event' : 'of the body, query, X-Regulars-Actor or Idempotency-Key'
  }); nothing was written.`;
  refusals[401] =
    route.caller === 'host'
      ? '`unauthorized`: missing, wrong or expired signature; nothing was recorded.'
      : '`unauthorized`: missing X-Regulars-Actor, wrong or expired signature; nothing was written.';
  if (route.permission) refusals[403] = `\`forbidden\`: the actor lacks ${route.permission}.`;
  if (pathIds.length > 0) refusals[404] = `\`not_found\`: no ${pathIds.join(' / ')} of the tenant (another tenant's id answers the same).`;
  if (route.recordsSignature && method !== 'get') refusals[409] = '`replayed_request`: this signed request was received already; nothing was written.';
  if (route.idempotency) {
    refusals[410] = '`idempotency_key_erased`: the first answer to this Idempotency-Key held data of a guest erased since; nothing was written.';
    refusals[422] = '`idempotency_key_reused`: the Idempotency-Key was used for another request, or by another actor; nothing was written.';
    if (route.idempotency.required) refusals[428] = '`idempotency_key_required`: this write moves money or points and needs an Idempotency-Key; nothing was written.';
  }
  if (takesBody) {
    refusals[413] = '`body_too_large`: the body is larger than bodyLimitBytes.';
    refusals[415] = '`unsupported_media_type`: a compressed body.';
  }
  return refusals;
}

/** The controllers of the plugin, whose routes the document holds. */
function pluginControllers(app: INestApplication): Type<unknown>[] {
  return [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].flatMap(({ metatype }) => (metatype && Reflect.getMetadata(REGULARS_CONTROLLER, metatype) ? [metatype as Type<unknown>] : [])),
  );
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
