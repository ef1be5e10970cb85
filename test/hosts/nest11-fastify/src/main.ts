import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { setupRegularsOpenApi } from '@regulars/plugin';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
  setupRegularsOpenApi(app); // /docs-json; the /docs page as well with @fastify/static installed
  await app.listen(process.env.PORT ?? 3000, '0.0.0.0');
  console.log(`listening on ${(app.getHttpServer().address() as AddressInfo).port}`);
}
bootstrap();
