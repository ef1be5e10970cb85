import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { setupRegularsOpenApi } from '@regulars/plugin';
import { AppModule } from './app.module.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  setupRegularsOpenApi(app); // /docs and /docs-json
  await app.listen(process.env.PORT ?? 3000);
  console.log(`listening on ${app.getHttpServer().address().port}`);
}
bootstrap();
