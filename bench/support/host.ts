import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { RegularsModule, type RegularsOptions } from '../../src/index.js';

@Module({})
class MinimalHostModule {
  static with(options: RegularsOptions): DynamicModule {
    return { module: MinimalHostModule, imports: [EventEmitterModule.forRoot(), RegularsModule.forRoot(options)] };
  }
}

/**
 * The smallest host: the plugin imported as a vendor imports it, listening on a free
 * loopback port. Tests and benchmarks both start the plugin this way.
 */
export async function startHost(options: RegularsOptions): Promise<{ app: INestApplication; baseUrl: string }> {
  const app = await NestFactory.create(MinimalHostModule.with(options), { rawBody: true, logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}
