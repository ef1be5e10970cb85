import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpServer } from '@nestjs/common';
import type { PluginMetrics } from '../../common/operations/plugin-metrics.js';

type RoutedRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string };

interface FastifyHooks {
  addHook(name: 'onResponse', hook: (request: { method: string; routeOptions?: { url?: string } }, reply: { statusCode: number; elapsedTime: number }) => Promise<void>): unknown;
}

/**
 * Times every answer of the plugin's routes, labelled by the route's pattern
 * (`/customers/:customerId`, never the path with its ids: one series per route, not per
 * guest). The host's own routes are left to the host. `routes` holds the plugin's patterns as
 * the adapter names them, with the global prefix.
 */
export function measureRequests(adapter: HttpServer, routes: ReadonlySet<string>, metrics: PluginMetrics): void {
  if (adapter.getType() === 'fastify') {
    (adapter.getInstance() as FastifyHooks).addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions?.url;
      if (route && routes.has(route)) metrics.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
    return;
  }
  adapter.use((request: RoutedRequest, response: ServerResponse, next: () => void) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      // Express names the matched route on the request once it is routed: a request no route took has none.
      const route = request.route?.path === undefined ? undefined : `${request.baseUrl ?? ''}${request.route.path}`;
      if (route && routes.has(route)) metrics.httpRequest(request.method ?? 'GET', route, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
}
