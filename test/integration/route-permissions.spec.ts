import { RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { mountedRoutes, type MountedRoute } from '../../src/transports/http/plugin-routes.js';
import { PERMISSIONS, type Permission } from '../../src/common/security/permissions.js';
import { REQUIRED_PERMISSION } from '../../src/common/security/require-permission.decorator.js';
import { SignedActorGuard, SignedEventGuard } from '../../src/common/security/signed-request.guards.js';
import { regularsOpenApiDocument } from '../../src/openapi.js';
import { TEST_ENGINES } from '../support/databases.js';
import { actorCall, startPlugin, type TestPlugin } from '../support/plugin.js';

/**
 * The routes that carry no permission, each with why that is safe. Anything else the
 * plugin mounts must name the permission its signed actor needs.
 */
const OPEN_ROUTES: Record<string, string> = {
  // Signed with the tenant's secret over the body; the host itself is the caller, not a person.
  'POST /hooks/guest-tab': 'host events: signature only (SignedEventGuard), the tenant in the signed body',
  // The embedded pages sign in with a one-use token the host minted, and show nothing without a session.
  'GET /ui': 'the page shell: swaps a minted token for a session, answers 401 without one',
  'GET /ui/assets/:name': 'static scripts and styles of the pages, the same for every tenant',
  'GET /ui/session': 'the session cookie is the credential: 401 without it',
  'DELETE /ui/session': 'signs out the session of the cookie (and its CSRF header): 401 without them',
  // Probes and scrapes, when operations.health / operations.metrics are on: whether this instance can serve, and counts by route pattern and type, never a tenant's data.
  'GET /health/live': 'liveness for an orchestrator: terminus’ body, nothing of a tenant',
  'GET /health/ready': 'readiness for an orchestrator: database, migrations and lag figures, nothing of a tenant',
  'GET /metrics': 'Prometheus text: counts and durations by route pattern, event type and job, never a tenant, guest or id',
};

const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

const HOST_SIGNED = new Set(['POST /hooks/guest-tab']);

interface Guarded extends MountedRoute {
  key: string;
  permission: string | undefined;
  guards: unknown[];
}

/** Every route of the plugin's controllers, as the router mounts it, with its permission and guards. */
function pluginRoutes(plugin: TestPlugin): Guarded[] {
  const modules = plugin.app.get(ModulesContainer);
  const handlers = new Map<string, { controller: Type<unknown>; handler: (...args: unknown[]) => unknown }>();
  for (const module of modules.values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const prototype = (metatype as Type<unknown>).prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        if (typeof prototype[name] === 'function') handlers.set(`${metatype.name}.${name}`, { controller: metatype as Type<unknown>, handler: prototype[name] as (...args: unknown[]) => unknown });
      }
    }
  }
  return mountedRoutes(modules)
    .filter((route) => route.plugin)
    .map((route) => {
      const { controller, handler } = handlers.get(route.handler)!;
      return {
        ...route,
        key: `${RequestMethod[route.method]} ${route.path}`,
        permission: Reflect.getMetadata(REQUIRED_PERMISSION, handler) ?? Reflect.getMetadata(REQUIRED_PERMISSION, controller),
        guards: [...(Reflect.getMetadata(GUARDS_METADATA, controller) ?? []), ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? [])],
      };
    });
}

/** A concrete path for a route pattern: any id will do, the guard answers before anything is looked up. */
const concrete = (path: string) => path.replace(/:[^/]+/g, 'x-1');

describe.each(TEST_ENGINES)('every route carries a permission (%s)', (engine) => {
  let plugin: TestPlugin;
  let routes: Guarded[];

  beforeAll(async () => {
    // Every route the plugin can mount, the optional operations routes with them.
    plugin = await startPlugin(engine, { operations: { health: true, metrics: true } });
    routes = pluginRoutes(plugin);
  });
  afterAll(() => plugin.close());

  it('finds the routes the OpenAPI document publishes, and more than a handful', () => {
    // The reflection below is only worth something if it sees every route: the published ones at least.
    const document = regularsOpenApiDocument(plugin.app);
    const published = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    expect(published.length).toBeGreaterThan(50);
    expect(published.filter((key) => !routes.some((route) => route.key === key))).toEqual([]);
  });

  it('guards every route but the listed open ones by a signed actor holding a declared permission', () => {
    const unguarded = routes
      .filter((route) => !(route.key in OPEN_ROUTES))
      .filter((route) => !(route.permission && PERMISSION_NAMES.includes(route.permission as never) && route.guards.includes(SignedActorGuard)))
      .map((route) => `${route.key} (${route.handler})`);
    expect(unguarded).toEqual([]);
    // The open list stays honest: each names a route that exists and carries no permission.
    for (const key of Object.keys(OPEN_ROUTES)) {
      expect(routes.filter((route) => route.key === key).map((route) => route.permission)).toEqual([undefined]);
    }
    expect(routes.filter((route) => HOST_SIGNED.has(route.key)).map((route) => route.guards)).toEqual([[SignedEventGuard]]);
  });

  it('answers 403 to an actor with every permission but the one a route needs, on every guarded route', async () => {
    const refusals: string[] = [];
    expect(routes.filter((candidate) => candidate.permission).length).toBeGreaterThan(50);
    for (const route of routes.filter((candidate) => candidate.permission)) {
      const permissions = PERMISSION_NAMES.filter((permission) => permission !== route.permission);
      const method = RequestMethod[route.method].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const answer = await actorCall(plugin.app, method, concrete(route.path), { id: 'almost-everything', permissions }, method === 'get' || method === 'delete' ? undefined : {});
      if (answer.status !== 403 || answer.body.code !== 'forbidden') refusals.push(`${route.key} answered ${answer.status} ${answer.body.code}`);
    }
    expect(refusals).toEqual([]);
  });

  it('answers the open routes without a signature with 401, never with data', async () => {
    const server = plugin.app.getHttpServer();
    expect((await request(server).post('/hooks/guest-tab').set('content-type', 'application/json').send('{"tenantId":"brand-1"}')).status).toBe(401);
    // The page shell answers 401 without a session, or 503 where the pages are not built: never the page.
    expect([401, 503]).toContain((await request(server).get('/ui/')).status);
    expect((await request(server).get('/ui/session')).status).toBe(401);
    expect((await request(server).delete('/ui/session')).status).toBe(401);
  });

  it('answers the probes and the scrape unsigned, with no tenant, guest or id in them', async () => {
    const server = plugin.app.getHttpServer();
    const answers = [await request(server).get('/health/live'), await request(server).get('/health/ready'), await request(server).get('/metrics')];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    for (const answer of answers) expect(answer.text).not.toMatch(/brand-1|brand-2|"tenantId"/);
  });
});
