import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { Logger, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import mysql from 'mysql2/promise';
import { setupRegularsOpenApi } from '../src/index.js';
import { DEVELOPMENT_SECRET, readSandboxConfig, SANDBOX_TENANT, type SandboxConfig } from './sandbox-config.js';
import { DemoSeed } from './demo-seed.js';
import { logFastifyRequests } from './logging/log-context.js';
import { PinoLogger } from './logging/pino-logger.js';
import { PluginClient } from './pos/plugin-client.js';
import { SandboxModule } from './sandbox.module.js';

/** The sandbox creates its MariaDB database on first start; the plugin never creates databases. */
async function ensureMysqlDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = '/';
  const connection = await mysql.createConnection(parsed.toString());
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** `logger`: false for none, or the LoggerService every line goes to (the command line's: JSON lines through pino). */
export async function startSandbox(config: SandboxConfig, options: { logger?: false | LoggerService } = {}): Promise<INestApplication> {
  if (config.databaseUrl?.startsWith('mysql:') || config.databaseUrl?.startsWith('mariadb:')) {
    await ensureMysqlDatabase(config.databaseUrl.replace(/^mariadb:/, 'mysql:'));
  }
  const module = SandboxModule.register(config);
  const app = config.httpAdapter === 'fastify' ? await NestFactory.create(module, new FastifyAdapter(), options) : await NestFactory.create(module, options);
  logFastifyRequests(app);
  setupRegularsOpenApi(app, 'docs', { ui: config.docsUi });
  app.enableShutdownHooks();
  // Fastify listens on localhost only unless told otherwise; Express on every interface.
  await (config.httpAdapter === 'fastify' ? app.listen(config.port, '0.0.0.0') : app.listen(config.port));
  // The demo data goes through the plugin's own HTTP API, so it is seeded once listening.
  const { port } = app.getHttpServer().address() as { port: number };
  app.get(PluginClient).baseUrl = `http://127.0.0.1:${port}`;
  await app.get(DemoSeed).run();
  return app;
}

function banner(config: SandboxConfig, url: string): string {
  const database = config.databaseUrl ? config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : 'embedded SQLite (./var/regulars.sqlite)';
  const secret = config.secretsFromEnvironment
    ? 'from REGULARS_TENANT_SECRETS'
    : `"${DEVELOPMENT_SECRET}" (development default; set REGULARS_TENANT_SECRETS to change it)`;
  return [
    '',
    `Regulars sandbox is running on ${database}, over ${config.httpAdapter === 'fastify' ? 'Fastify' : 'Express'}`,
    `  Waiter page        ${url}/`,
    `  API docs (UI)      ${url}/docs`,
    `  OpenAPI document   ${url}/docs-json`,
    `  Host events        POST ${url}/hooks/guest-tab   (signed, see README)`,
    `  Health             ${url}/health/live   ${url}/health/ready`,
    `  Metrics            ${url}/metrics`,
    `  Tenant "${SANDBOX_TENANT}" secret ${secret}`,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const config = readSandboxConfig();
  startSandbox(config, { logger: new PinoLogger() })
    .then(async (app) => {
      const port = (app.getHttpServer().address() as { port: number }).port;
      console.log(banner(config, `http://localhost:${port}`));
    })
    .catch((error: Error) => {
      new Logger('Sandbox').error(error.message);
      process.exit(1);
    });
}
