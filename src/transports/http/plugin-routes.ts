import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_PATH, PATH_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import { REGULARS_CONTROLLER } from '../../common/regulars-controller.decorator.js';

/** One route of a controller, as the router will mount it (module path, controller path, method path). */
export interface MountedRoute {
  method: RequestMethod;
  path: string;
  plugin: boolean;
  /** `Controller.handler`, to name it in a collision. */
  handler: string;
}

/**
 * Mounts the plugin's modules under `routePrefix`, as RouterModule.register would, but from
 * the options (which forRootAsync only knows at run time): the router and the OpenAPI
 * scanner both read a module's path from this metadata.
 */
export function mountUnderPrefix(modules: ModulesContainer, routePrefix: string): void {
  for (const module of modules.values()) {
    const controllers = [...module.controllers.values()].map((wrapper) => wrapper.metatype);
    if (!controllers.some((controller) => controller && Reflect.getMetadata(REGULARS_CONTROLLER, controller))) continue;
    Reflect.defineMetadata(MODULE_PATH + modules.applicationId, `/${routePrefix}`, module.metatype);
  }
}

/** Every route of every controller in the application, the host's and the plugin's, without the global prefix. */
export function mountedRoutes(modules: ModulesContainer): MountedRoute[] {
  const routes: MountedRoute[] = [];
  for (const module of modules.values()) {
    const modulePath = (Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) ?? Reflect.getMetadata(MODULE_PATH, module.metatype) ?? '') as string;
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const controller = metatype as Type<unknown>;
      const plugin = Reflect.getMetadata(REGULARS_CONTROLLER, controller) === true;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        for (const base of pathsOf(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const own of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({ method, path: joinPath(modulePath, base, own), plugin, handler: `${controller.name}.${name}` });
          }
        }
      }
    }
  }
  return routes;
}

/**
 * A host route that the router would match before or instead of one of the plugin's
 * (same method, same path pattern), as a message naming both; null when there is none.
 */
export function routeCollision(routes: MountedRoute[]): string | null {
  const plugin = routes.filter((route) => route.plugin);
  for (const host of routes.filter((route) => !route.plugin)) {
    const clash = plugin.find((ours) => pattern(ours.path) === pattern(host.path) && sameMethod(ours.method, host.method));
    if (clash) {
      return (
        `Regulars: the host's route ${RequestMethod[host.method]} ${host.path} (${host.handler}) collides with the plugin's ` +
        `${RequestMethod[clash.method]} ${clash.path} (${clash.handler}); mount the plugin under a prefix with the option routePrefix, e.g. 'regulars'`
      );
    }
  }
  return null;
}

/** The paths under which the plugin's routes that take a body live: its prefix, or the first segment of each route. */
export function bodyRoutePrefixes(routes: MountedRoute[], globalPrefix: string): string[] {
  const roots = new Set<string>();
  for (const route of routes) {
    if (!route.plugin || route.method === RequestMethod.GET || route.method === RequestMethod.HEAD) continue;
    const [first] = route.path.split('/').filter((segment) => segment.length > 0);
    if (first) roots.add(joinPath(globalPrefix, first));
  }
  return [...roots].sort();
}

/** The plugin's route patterns as the HTTP adapter names them: with the global prefix. */
export function pluginRoutePatterns(routes: MountedRoute[], globalPrefix: string): string[] {
  return routes.filter((route) => route.plugin).map((route) => joinPath(globalPrefix, route.path));
}

function pathsOf(path: unknown): string[] {
  return (Array.isArray(path) ? path : [path ?? '']).map((one) => String(one));
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .join('/');
  return `/${joined}`;
}

/** Express and Fastify match without regard to case or parameter names: `/customers/:id` is `/customers/:customerId`. */
function pattern(path: string): string {
  return path.toLowerCase().replace(/:[^/]+/g, ':');
}

function sameMethod(a: RequestMethod, b: RequestMethod): boolean {
  return a === b || a === RequestMethod.ALL || b === RequestMethod.ALL;
}
