import { Inject, Injectable, Module, type DynamicModule, type INestApplication, type OnModuleDestroy, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import mysql from 'mysql2/promise';
import { RegularsModule, type RegularsOptions } from '../../src/index.js';

/** The host's HTTP adapter, as the sandbox's HTTP_ADAPTER picks it: the plugin serves either. */
export type HttpAdapterName = 'express' | 'fastify';

/** A benchmark's name on an adapter: Express's keeps the plain name the results have always had. */
export function onAdapter(name: string, adapter: HttpAdapterName): string {
  return adapter === 'express' ? name : `${name} (${adapter})`;
}

@Module({})
class MinimalHostModule {
  static with(options: RegularsOptions): DynamicModule {
    return { module: MinimalHostModule, imports: [EventEmitterModule.forRoot(), RegularsModule.forRoot(options)] };
  }
}

/** `module` on `adapter`, listening on a free loopback port. */
export async function listenOn(module: DynamicModule, adapter: HttpAdapterName = 'express'): Promise<{ app: INestApplication; baseUrl: string }> {
  const options = { rawBody: true, logger: false } as const;
  const app = adapter === 'fastify' ? await NestFactory.create(module, new FastifyAdapter(), options) : await NestFactory.create(module, options);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

/**
 * The smallest host: the plugin imported as a vendor imports it, listening on a free
 * loopback port. Tests and benchmarks both start the plugin this way.
 */
export function startHost(options: RegularsOptions, adapter: HttpAdapterName = 'express'): Promise<{ app: INestApplication; baseUrl: string }> {
  return listenOn(MinimalHostModule.with(options), adapter);
}

/** The plugin's own MySQL pool size by default, so a bare route's queries queue as the plugin's do. */
export const BARE_POOL_SIZE = 10;

const BARE_DATABASE_URL = Symbol('BARE_DATABASE_URL');

/** The database of a benchmark's bare route: a plain mysql2 pool, no TypeORM, no unit of work. */
@Injectable()
export class BareDatabase implements OnModuleDestroy {
  readonly pool: mysql.Pool;

  constructor(@Inject(BARE_DATABASE_URL) url: string) {
    this.pool = mysql.createPool({ uri: url, connectionLimit: BARE_POOL_SIZE });
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.end();
  }
}

@Module({})
class HostWithBareRouteModule {
  static with(options: RegularsOptions, databaseUrl: string, controller: Type<unknown>, providers: Provider[]): DynamicModule {
    return {
      module: HostWithBareRouteModule,
      imports: [EventEmitterModule.forRoot(), RegularsModule.forRoot(options)],
      controllers: [controller],
      providers: [{ provide: BARE_DATABASE_URL, useValue: databaseUrl }, BareDatabase, ...providers],
    };
  }
}

/**
 * The plugin as a vendor imports it, with a bare route of the host's own beside it on the
 * same HTTP server: the least the route measured can cost over the same adapter, body
 * parsing and connections, its SQL on BareDatabase's pool.
 */
export function startHostWithBareRoute(
  options: RegularsOptions,
  databaseUrl: string,
  controller: Type<unknown>,
  adapter: HttpAdapterName = 'express',
  providers: Provider[] = [],
): Promise<{ app: INestApplication; baseUrl: string }> {
  return listenOn(HostWithBareRouteModule.with(options, databaseUrl, controller, providers), adapter);
}
