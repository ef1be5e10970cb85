import type { INestApplication } from '@nestjs/common';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import request from 'supertest';
import { RegularsModule, signRequest, type Clock, type RegularsOptions } from '../../src/index.js';
import { REGULARS_CONFIG } from '../../src/common/config/regulars.constants.js';
import type { RegularsConfig } from '../../src/common/config/regulars-options.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './databases.js';

export const TENANT = 'brand-1';
export const OTHER_TENANT = 'brand-2';
export const TEST_SECRETS = { [TENANT]: 'test-secret-brand-1-0123456789', [OTHER_TENANT]: 'test-secret-brand-2-0123456789' };

/** A settable clock, so tests decide what "now" is. */
export class TestClock {
  constructor(public current = new Date()) {}
  now = (): Date => new Date(this.current.getTime());
}

/** A clock that runs on from `start` as the real one does: a day of the test's choosing that still moves. */
export function clockFrom(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

export interface TestPlugin {
  app: INestApplication;
  database: TestDatabase;
  clock: TestClock;
  close(): Promise<void>;
}

@Module({})
class TestHostModule {
  static with(options: RegularsOptions): DynamicModule {
    return { module: TestHostModule, imports: [EventEmitterModule.forRoot(), RegularsModule.forRoot(options)] };
  }
}

/** Express unless REGULARS_TEST_ADAPTER=fastify: the HTTP suite runs on both adapters in CI. */
export const TEST_ADAPTER: 'express' | 'fastify' = process.env.REGULARS_TEST_ADAPTER === 'fastify' ? 'fastify' : 'express';

/**
 * A host application around `module`, on the adapter under test. Neither `rawBody` nor a
 * body limit is set: the plugin reads its own routes' bodies.
 */
export async function createHostApp(module: DynamicModule | Type<unknown>): Promise<INestApplication> {
  // abortOnError off: a refused start-up rejects here instead of ending the test process.
  if (TEST_ADAPTER === 'fastify') return NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: false, abortOnError: false });
  return NestFactory.create(module, { logger: false, abortOnError: false });
}

/** Listens on a real socket, so parallel requests really are parallel connections. */
async function listen(app: INestApplication): Promise<void> {
  await app.listen(0, '127.0.0.1');
}

/** Starts the plugin the way a host does, on a fresh database of the given engine. */
export async function startPlugin(engine: TestEngine, options: Partial<RegularsOptions> = {}): Promise<TestPlugin> {
  const database = await createTestDatabase(engine);
  const clock = new TestClock();
  // Jobs run when a test says so, never on a schedule in the middle of one.
  const app = await createHostApp(TestHostModule.with({ database: { url: database.url }, tenantSecrets: TEST_SECRETS, runMigrations: true, clock, jobs: false, ...options }));
  await listen(app);
  return {
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Another instance of the plugin on the same database, as a host's second server would run it. */
export async function startSecondInstance(plugin: TestPlugin, options: Partial<RegularsOptions> = {}): Promise<INestApplication> {
  const app = await createHostApp(TestHostModule.with({ database: { url: plugin.database.url }, tenantSecrets: TEST_SECRETS, clock: plugin.clock, jobs: false, ...options }));
  await listen(app);
  return app;
}

export interface ActorOverrides {
  tenantId?: string;
  permissions?: string[];
  id?: string;
  terminalId?: string;
  /** The till's location, as a host signs it for staff working at one. */
  locationId?: string;
  /** Makes each call's signature its own, as a careful host does; null sends none (a replay test's exact bytes). */
  requestId?: string | null;
}

let calls = 0;

/** A fresh Idempotency-Key, as a host sends with each write it may retry. */
export function freshKey(): Record<string, string> {
  calls += 1;
  return { 'idempotency-key': `test-${process.pid}-${calls}` };
}

/** Requests are signed at the plugin's own (test) time, as a host's clock agrees with it. */
function pluginSeconds(app: INestApplication): number {
  return Math.floor(app.get<RegularsConfig>(REGULARS_CONFIG).clock.now().getTime() / 1000);
}

/** A signed host event POST, as a host would send it. */
export function postEvent(app: INestApplication, event: object, secret = TEST_SECRETS[TENANT], timestamp = pluginSeconds(app), path = '/hooks/guest-tab') {
  const body = JSON.stringify(event);
  return request(app.getHttpServer())
    .post(path)
    .set({ 'content-type': 'application/json', ...signRequest({ secret, body, timestamp }) })
    .send(body);
}

/** A signed terminal or management call under an actor. */
export function actorCall(
  app: INestApplication,
  method: 'get' | 'post' | 'patch' | 'put' | 'delete',
  path: string,
  actor: ActorOverrides = {},
  payload?: object,
  headers: Record<string, string> = {},
) {
  const tenantId = actor.tenantId ?? TENANT;
  calls += 1;
  const requestId = actor.requestId === undefined ? `r-${process.pid}-${calls}` : actor.requestId;
  const actorHeader = JSON.stringify({
    tenantId,
    id: actor.id ?? 'u-1',
    name: 'Test Manager',
    permissions: actor.permissions ?? [],
    ...(actor.terminalId ? { terminalId: actor.terminalId } : {}),
    ...(actor.locationId ? { locationId: actor.locationId } : {}),
    ...(requestId === null ? {} : { requestId }),
  });
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const secret = TEST_SECRETS[tenantId as keyof typeof TEST_SECRETS];
  const call = request(app.getHttpServer())
    [method](path)
    .set({ ...headers, ...signRequest({ secret, body, actorHeader, timestamp: pluginSeconds(app) }) });
  return payload === undefined ? call : call.set('content-type', 'application/json').send(body);
}
