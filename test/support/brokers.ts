import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { Outbox } from '../../src/modules/outbox/outbox.service.js';
import { TENANT } from './plugin.js';

/** The servers every machine here runs (`.ci/run` starts them when they are down). */
export const RABBITMQ_URL = process.env.REGULARS_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const NATS_SERVERS = process.env.REGULARS_TEST_NATS_SERVERS ?? 'nats://127.0.0.1:4222';
export const REDIS_URL = process.env.REGULARS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A name no other run or test file uses, so parallel runs on one broker do not see each other's messages. */
export function uniqueName(label: string): string {
  return `rt_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Records a guest's tier move the way a module does: in a unit of work. */
export function tierMove(app: INestApplication, customerId: string, to: string): Promise<string> {
  return app
    .get(UnitOfWork)
    .transaction(async () => app.get(Outbox).record(TENANT, 'tier.changed', { customerId, moveId: `tm-${to}`, from: null, to: { code: to, name: to }, reason: 'threshold_reached' }, customerId));
}

/** Polls until `check` holds, or fails naming what was awaited. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function dataSourceOf(app: INestApplication): DataSource {
  return app.get(getDataSourceToken('regulars'));
}

/** How often the inbox holds each of these host event ids (1: applied once). */
export async function inboxCounts(app: INestApplication, eventIds: string[]): Promise<number[]> {
  const rows: { eventId: string }[] = await dataSourceOf(app).query(`SELECT event_id AS eventId FROM rc_inbox WHERE event_id IN (${eventIds.map(() => '?').join(', ')})`, eventIds);
  return eventIds.map((id) => rows.filter((row) => row.eventId === id).length);
}

/** The state of a broker target's deliveries, for the one event. */
export async function brokerDelivery(app: INestApplication, target: string, eventId: string): Promise<{ status: string; attempts: number; lastError: string | null }> {
  const [row] = await dataSourceOf(app).query('SELECT status, attempts, last_error AS lastError FROM rc_webhook_deliveries WHERE subscription_id = ? AND event_id = ?', [target, eventId]);
  return { status: row.status, attempts: Number(row.attempts), lastError: row.lastError };
}
