import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger, type INestApplication, type NestMiddleware } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** What every log line of a request carries: who asked, for which tenant, and the guest-tab event being handled. */
export interface LogContext {
  requestId: string;
  tenantId?: string;
  eventId?: string;
  tabId?: string;
}

/** The request a line is logged in, for every logger of the process (the plugin's `new Logger('Regulars')` too). */
export const logContext = new AsyncLocalStorage<LogContext>();

type Headers = IncomingMessage['headers'];

/**
 * The context of a request from what it says of itself: the request id the till's actor
 * carries (X-Regulars-Actor's `requestId`), or the caller's X-Request-Id, or a new one; the
 * tenant of the actor, or of a host event's body; and a guest-tab event's id and tab id.
 * Read only to label the lines: the plugin checks the signature, not this.
 */
export function contextOf(headers: Headers, body: unknown): LogContext {
  const actor = parsed(headers['x-regulars-actor']);
  const event = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const context: LogContext = { requestId: text(actor.requestId) ?? text(headers['x-request-id']) ?? randomUUID() };
  const tenantId = text(actor.tenantId) ?? text(event.tenantId);
  if (tenantId) context.tenantId = tenantId;
  if (typeof event.type === 'string' && event.type.startsWith('guest_tab.')) {
    const eventId = text(event.id);
    const tabId = text((event.tab as Record<string, unknown> | undefined)?.id);
    if (eventId) context.eventId = eventId;
    if (tabId) context.tabId = tabId;
  }
  return context;
}

/**
 * Runs `work` as the handling of a guest-tab event: every line logged in it carries the
 * event's tenantId, eventId and tabId. The first event a request hands the plugin (the till's
 * in-process calls) labels the request's own line too.
 */
export function handlingEvent<T>(event: { tenantId: string; id: string; tab: { id: string } }, work: () => Promise<T>): Promise<T> {
  const labels = { tenantId: event.tenantId, eventId: event.id, tabId: event.tab.id };
  const request = logContext.getStore();
  if (request && request.eventId === undefined) Object.assign(request, labels);
  return logContext.run({ ...(request ?? { requestId: randomUUID() }), ...labels }, work);
}

const http = new Logger('HTTP');

/** One line as a request is answered: method, path without its query (where a card or a phone could sit), status, milliseconds. */
function answered(context: LogContext, method: string | undefined, url: string | undefined, status: number, started: bigint): void {
  logContext.run(context, () => http.log(`${method} ${(url ?? '').split('?')[0]} ${status} ${Math.round(Number(process.hrtime.bigint() - started) / 1e6)} ms`));
}

/**
 * Express: runs the rest of each request in its context, made once Nest's body parser has
 * read the body (so a host event's ids are known), and logs the answer. On Fastify this runs
 * before the body is read, so it steps aside for the hooks of `logFastifyRequests`.
 */
@Injectable()
export class LogContextMiddleware implements NestMiddleware {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  use(request: IncomingMessage & { body?: unknown; originalUrl?: string }, response: ServerResponse, next: () => void): void {
    if (this.adapterHost.httpAdapter.getType() === 'fastify') return next();
    const started = process.hrtime.bigint();
    const context = contextOf(request.headers, request.body);
    response.once('finish', () => answered(context, request.method, request.originalUrl ?? request.url, response.statusCode, started));
    logContext.run(context, next);
  }
}

/** Fastify: the preHandler hook, after the body is read, calls the route in the request's context; onResponse logs the answer. */
export function logFastifyRequests(app: INestApplication): void {
  if (app.getHttpAdapter().getType() !== 'fastify') return;
  type FastifyRequest = { headers: Headers; body: unknown; method: string; url: string; logContext?: LogContext; started?: bigint };
  type Hook = (request: FastifyRequest, reply: { statusCode: number }, done: () => void) => void;
  const fastify = app.getHttpAdapter().getInstance() as { addHook(name: 'onRequest' | 'preHandler' | 'onResponse', hook: Hook): void };
  fastify.addHook('onRequest', (request, _reply, done) => {
    request.started = process.hrtime.bigint();
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    request.logContext = contextOf(request.headers, request.body);
    logContext.run(request.logContext, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    answered(request.logContext ?? contextOf(request.headers, undefined), request.method, request.url, reply.statusCode, request.started ?? process.hrtime.bigint());
    done();
  });
}

function parsed(header: string | string[] | undefined): Record<string, unknown> {
  if (typeof header !== 'string') return {};
  try {
    const value = JSON.parse(header) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}
