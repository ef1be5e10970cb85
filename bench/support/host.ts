import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { FastifyAdapter } from '@nestjs/platform-fastify';
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
