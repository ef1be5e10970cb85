import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpStatus, Logger, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { REGULARS_CONTROLLER } from '../../common/regulars-controller.decorator.js';
import { errorBody } from '../../common/errors/regulars-error.filter.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import type { RegularsConfig } from '../../config/regulars-options.js';

type BodyRequest = IncomingMessage & { body?: unknown; rawBody?: Buffer };
type Next = (error?: unknown) => void;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The plugin reads its own routes' JSON bodies, before the host's body parser would
 * (Express's 100 kB default refuses a banquet tab): up to `bodyLimitBytes`, kept raw for
 * the signature, UTF-8 only, and refused in the plugin's own error format with a code.
 * The host's parser then sees a consumed request and leaves it alone; the host's own
 * routes are never touched. Registered when the application is created, since Nest adds
 * its parsers when it starts; on Fastify, Fastify's own parser (1 MiB) reads them.
 */
export function registerJsonBodyParser(adapterHost: HttpAdapterHost, modules: ModulesContainer, config: RegularsConfig): void {
  const adapter = adapterHost.httpAdapter;
  if (!adapter || adapter.getType() !== 'express') return;
  const roots = routeRoots(modules);
  if (roots.length === 0) return;
  adapter.use(
    roots.map((root) => `/${root}`),
    jsonBodyParser(config.bodyLimitBytes),
  );
  new Logger('Regulars').log(`JSON bodies up to ${config.bodyLimitBytes} bytes on /${roots.join(', /')}`);
}

export function jsonBodyParser(limit: number) {
  return (request: BodyRequest, response: ServerResponse, next: Next): void => {
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) return next();
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return refuse(response, new RegularsError('unsupported_media_type', 'Content-Encoding: send the body uncompressed', HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    const tooLarge = () => new RegularsError('body_too_large', `body: is larger than ${limit} bytes (the plugin's bodyLimitBytes)`, HttpStatus.PAYLOAD_TOO_LARGE, { limit });
    if (Number(request.headers['content-length'] ?? 0) > limit) return refuse(response, tooLarge(), request);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (!done) {
        done = true;
        refuse(response, tooLarge(), request);
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
      const raw = Buffer.concat(chunks);
      request.rawBody = raw;
      if (raw.length === 0) {
        request.body = {};
        return next();
      }
      try {
        request.body = JSON.parse(strictUtf8.decode(raw));
      } catch (error) {
        const why = error instanceof SyntaxError ? error.message : 'it is not UTF-8';
        return refuse(response, new RegularsError('invalid_json', `body: is not valid JSON (${why})`, HttpStatus.BAD_REQUEST));
      }
      next();
    });
  };
}

function refuse(response: ServerResponse, error: RegularsError, unread?: IncomingMessage): void {
  if (response.headersSent) return;
  const body = JSON.stringify(errorBody(error));
  // The rest of an oversized body is not read: the connection closes after the answer.
  response.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...(unread ? { connection: 'close' } : {}) });
  response.end(body);
  unread?.resume();
}

/** The first path segment of every route of the plugin's controllers ("customers", "terminal"…). */
function routeRoots(modules: ModulesContainer): string[] {
  const roots = new Set<string>();
  for (const module of modules.values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype || !Reflect.getMetadata(REGULARS_CONTROLLER, metatype)) continue;
      const base = pathsOf(Reflect.getMetadata(PATH_METADATA, metatype));
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.GET) continue;
        for (const left of base) for (const right of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
          const first = `${left}/${right}`.split('/').find((segment) => segment.length > 0);
          if (first) roots.add(first);
        }
      }
    }
  }
  return [...roots].sort();
}

function pathsOf(path: unknown): string[] {
  const paths = Array.isArray(path) ? path : [path ?? ''];
  return paths.map((one) => String(one));
}
