import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { HttpException, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { errorBody } from '../../common/errors/regulars-error.filter.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { jsonShapeProblems } from '../../common/validation/json-shape.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { PluginMetrics } from '../../common/operations/plugin-metrics.js';
import { mountOperations } from '../operations/operations-routes.js';
import { bodyRoutePrefixes, mountedRoutes, mountUnderPrefix, pluginRoutePatterns, routeCollision } from './plugin-routes.js';
import { measureRequests } from './request-metrics.js';

type BodyRequest = IncomingMessage & { body?: unknown; rawBody?: Buffer; _body?: boolean };
type Next = (error?: unknown) => void;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How the plugin sits in the host's HTTP application, on Express or Fastify:
 *
 * - mounted under `routePrefix` when one is set;
 * - its health and metrics routes at their paths, or nowhere when their options are off;
 * - never beside a host route that would take one of its paths: start-up fails naming both;
 * - its routes timed for the metrics, when they are on;
 * - its routes' JSON bodies read by the plugin itself, up to `bodyLimitBytes` and kept raw
 *   for the signature, before the host's parser (Express's 100 kB default refuses a
 *   banquet tab); the host's own routes are never touched.
 *
 * Nest adds its body parsers when the application starts, when the global prefix is known:
 * the plugin's go in just before them. Created with the application, before that.
 */
@Injectable()
export class PluginHttp implements OnModuleInit {
  private checked = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
    @Inject(REGULARS_CONFIG) config: RegularsConfig,
    metrics: PluginMetrics,
  ) {
    if (config.routePrefix) mountUnderPrefix(modules, config.routePrefix);
    mountOperations(modules, config);
    const adapter = adapterHost.httpAdapter;
    if (!adapter) return;
    const register = adapter.registerParserMiddleware.bind(adapter);
    adapter.registerParserMiddleware = (globalPrefix?: string, rawBody?: boolean) => {
      this.checkCollisions();
      const prefixes = bodyRoutePrefixes(mountedRoutes(modules), globalPrefix ?? '');
      if (metrics.enabled) measureRequests(adapter, new Set(pluginRoutePatterns(mountedRoutes(modules), globalPrefix ?? '')), metrics);
      if (prefixes.length > 0 && adapter.getType() === 'express') adapter.use(prefixes, jsonBodyParser(config.bodyLimitBytes));
      if (adapter.getType() === 'fastify') fitFastify(adapter.getInstance(), prefixes, pagesPath(globalPrefix ?? '', config.routePrefix), config.bodyLimitBytes);
      return register(globalPrefix, rawBody);
    };
  }

  /** A host that reads bodies itself (bodyParser: false) never asks for parsers: the routes are checked here instead. */
  onModuleInit(): void {
    if (this.adapterHost.httpAdapter) this.checkCollisions();
  }

  private checkCollisions(): void {
    if (this.checked) return;
    this.checked = true;
    const collision = routeCollision(mountedRoutes(this.modules));
    if (collision) throw new Error(collision);
  }
}

/** Express: the plugin's own JSON parser on its paths, in the plugin's error format. */
export function jsonBodyParser(limit: number) {
  return (request: BodyRequest, response: ServerResponse, next: Next): void => {
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) return next();
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return refuse(response, new RegularsError('unsupported_media_type', 'Content-Encoding: send the body uncompressed'));
    if (Number(request.headers['content-length'] ?? 0) > limit) return refuse(response, tooLarge(limit), request);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (!done) {
        done = true;
        refuse(response, tooLarge(limit), request);
      }
    });
    request.on('error', (error) => {
      if (done) return;
      done = true;
      next(error);
    });
    request.on('end', () => {
      if (done) return;
      done = true;
      request.rawBody = Buffer.concat(chunks);
      // body-parser 1.x (Express 4, and 5.0's) skips a request marked read; later ones see the stream ended.
      request._body = true;
      try {
        request.body = parsedBody(request.rawBody);
      } catch (error) {
        return refuse(response, error as RegularsError);
      }
      next();
    });
  };
}

/** The body as JSON, or the plugin's refusal of it: not UTF-8, not JSON, or of a shape no route takes (json-shape.ts). */
function parsedBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(strictUtf8.decode(raw));
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : 'it is not UTF-8';
    throw new RegularsError('invalid_json', `body: is not valid JSON (${why})`);
  }
  const problems = jsonShapeProblems(body);
  if (problems.length > 0) throw RegularsError.invalid(problems);
  return body;
}

interface FastifyRoute {
  url: string;
  method: string | string[];
  bodyLimit?: number;
  preParsing?: unknown;
  config?: Record<string, unknown>;
}

interface FastifyLike {
  addHook(name: 'onRoute', hook: (route: FastifyRoute) => void): unknown;
  route(route: FastifyRoute): unknown;
}

/**
 * Fastify: the plugin's routes take bodies up to the limit, checked and kept raw for the
 * signature whatever the host's `bodyLimit` and `rawBody`, refused in the plugin's format
 * (before Fastify's own JSON parser would answer in its); and the pages answer at `/ui/`
 * as well as `/ui` (Fastify tells the two apart, and the pages' links are relative to the first).
 */
function fitFastify(fastify: FastifyLike, prefixes: string[], pages: string, limit: number): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url === pages && [route.method].flat().includes('GET') && !route.config?.regularsPages) {
      fastify.route({ ...route, url: `${pages}/`, config: { ...route.config, regularsPages: true } });
    }
    if (!prefixes.some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`))) return;
    route.bodyLimit = limit;
    const earlier = route.preParsing === undefined ? [] : [route.preParsing].flat();
    route.preParsing = [...earlier, checkBody(limit)];
  });
}

/** A refusal raised before Nest's route runs: the exception layer sends the plugin's body as it is. */
const refusal = (error: RegularsError) => new HttpException(errorBody(error), error.status);

function checkBody(limit: number) {
  return async (request: { rawBody?: Buffer; headers: Record<string, unknown> }, _reply: unknown, payload: AsyncIterable<Buffer>) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      size += chunk.length;
      if (size > limit) throw refusal(tooLarge(limit));
      chunks.push(chunk);
    }
    request.rawBody = Buffer.concat(chunks);
    if (/json/i.test(String(request.headers['content-type'] ?? ''))) {
      try {
        parsedBody(request.rawBody);
      } catch (error) {
        throw refusal(error as RegularsError);
      }
    }
    return Object.assign(Readable.from([request.rawBody]), { receivedEncodedLength: size });
  };
}

/** Where the pages answer: `/<global prefix>/<routePrefix>/ui`. */
function pagesPath(globalPrefix: string, routePrefix: string): string {
  return `/${[globalPrefix, routePrefix, 'ui'].flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;
}

function tooLarge(limit: number): RegularsError {
  return new RegularsError('body_too_large', `body: is larger than ${limit} bytes (the plugin's bodyLimitBytes)`, { limit });
}

function refuse(response: ServerResponse, error: RegularsError, unread?: IncomingMessage): void {
  if (response.headersSent) return;
  const body = JSON.stringify(errorBody(error));
  // The rest of an oversized body is not read: the connection closes after the answer.
  response.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...(unread ? { connection: 'close' } : {}) });
  response.end(body);
  unread?.resume();
}
