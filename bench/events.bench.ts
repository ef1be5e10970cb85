import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import mysql from 'mysql2/promise';
import { signRequest, WebhookRelay } from '../src/index.js';
import { UnitOfWork } from '../src/common/database/unit-of-work.js';
import { Outbox, type FactToRecord } from '../src/modules/outbox/outbox.service.js';
import { OutboxRepository } from '../src/modules/outbox/outbox.repository.js';
import { closeRound, managerAt, openRestaurant, type BenchRestaurant } from './close.bench.js';
import { benchDatabase } from './support/environment.js';
import { startHost } from './support/host.js';
import { BenchReceiver } from './support/receiver.js';
import type { BenchResult } from './support/result.js';
import { percentile, runParallel, summarise } from './support/stats.js';

const TENANT = 'bench';
const SECRET = 'bench-secret-0123456789abcdef';
/** The relay's own defaults but a shorter idle poll, so a round's events leave within a tenth of a second. */
const RELAY = { relay: true, allowPrivateTargets: true, pollIntervalMs: 100 } as const;

export interface OutboxParams {
  /** Tabs closed per timed round. */
  tabs: number;
  parallelism: number;
  /** Rounds of each kind, taken in turn after a warm-up turn. */
  repeats: number;
}

export const OUTBOX_DEFAULTS: OutboxParams = { tabs: 300, parallelism: 8, repeats: 4 };

/** A round's closes without the outbox, with it, and with it while this instance's relay sends. */
type OutboxRound = 'without' | 'recorded' | 'relayed';

/**
 * The outbox's cost at the till: the close benchmark's rounds with every event of the close
 * recorded in its transaction, against the same rounds with the outbox's INSERT left out
 * (the repository's write replaced by nothing in this process), in turn so that both see the
 * same database. A third kind of round has this instance's relay sending to a loopback
 * subscriber while the tabs close, as in a host that relays where the tills call; in the
 * other two the relay sends between rounds, as a relay in another instance would.
 */
export async function outboxBenchmark(params: OutboxParams = OUTBOX_DEFAULTS): Promise<BenchResult> {
  const database = await benchDatabase();
  const receiver = await new BenchReceiver().start();
  const restaurant = await openRestaurant(database.url, {
    count: params.tabs,
    rounds: 3 * (params.repeats + 1),
    parallelism: params.parallelism,
    options: { webhooks: { allowPrivateTargets: true } },
  });
  try {
    await subscribe(restaurant.baseUrl, receiver);
    const relay = restaurant.app.get(WebhookRelay);
    const outbox = restaurant.app.get(OutboxRepository);
    const recording = outbox.insertAtCommit.bind(outbox);
    const rates: Record<OutboxRound, number[]> = { without: [], recorded: [], relayed: [] };
    const latencies: number[] = [];
    let mismatches = 0;
    await relay.drain();
    for (let turn = 0; turn <= params.repeats; turn++) {
      for (const kind of ['without', 'recorded', 'relayed'] as const) {
        outbox.insertAtCommit = kind === 'without' ? () => undefined : recording;
        let closing = true;
        const relaying = (async () => {
          while (kind === 'relayed' && closing) {
            await relay.drain();
            await sleep(RELAY.pollIntervalMs);
          }
        })();
        const closes = await closeRound(restaurant, params.parallelism);
        closing = false;
        await relaying;
        await relay.drain();
        mismatches += closes.mismatches;
        // The first turn warms up.
        if (turn > 0) {
          rates[kind].push(closes.tabsPerSecond);
          if (kind === 'recorded') latencies.push(...closes.latencies);
        }
      }
    }
    outbox.insertAtCommit = recording;
    const check = await checkDelivered(restaurant.pool, receiver);
    const figure = summarise(rates.recorded);
    const reference = summarise(rates.without);
    const relayed = summarise(rates.relayed);
    const ratioPercent = (figure.median / reference.median) * 100;
    latencies.sort((a, b) => a - b);
    return {
      name: 'outbox',
      what: `the close benchmark (${params.parallelism} tabs in flight) with each close's events recorded in its transaction; the relay sends between rounds`,
      figure: { ...figure, unit: 'tabs/s' },
      reference: { ...reference, unit: 'tabs/s', what: 'the same closes, in turn, with the outbox INSERT left out' },
      ratioPercent,
      target: '≥ 90% of close without the outbox; every event delivered once, in order per guest',
      met: ratioPercent >= 90 && mismatches === 0 && delivered(check),
      details: {
        closeP99Ms: round2(percentile(latencies, 99)),
        relayedTabsPerSecond: round2(relayed.median),
        relayedPercent: round2((relayed.median / reference.median) * 100),
        eventsDelivered: check.expected,
        mismatches,
        ...problems(check),
      },
    };
  } finally {
    await restaurant.close();
    await receiver.close();
    await database.drop();
  }
}

export interface DeliveryParams {
  /** Events recorded for each timed round. */
  events: number;
  /** Events per guest: a guest's are sent one after the other. */
  perGuest: number;
  warmups: number;
  repeats: number;
}

export const DELIVERY_DEFAULTS: DeliveryParams = { events: 4000, perGuest: 4, warmups: 1, repeats: 3 };

/**
 * How fast the relay empties the outbox to one loopback subscriber that answers at once:
 * a round records the events (untimed), then times `WebhookRelay.drain()` — fan-out,
 * claims, signed POSTs, outcomes — until every one is delivered.
 */
export async function deliveryBenchmark(params: DeliveryParams = DELIVERY_DEFAULTS): Promise<BenchResult> {
  const database = await benchDatabase();
  const receiver = await new BenchReceiver().start();
  const { app, baseUrl } = await startHost({ database: { url: database.url }, tenantSecrets: { [TENANT]: SECRET }, runMigrations: true, jobs: false, webhooks: { allowPrivateTargets: true } });
  const concurrency = 8;
  try {
    await subscribe(baseUrl, receiver);
    const relay = app.get(WebhookRelay);
    const rates: number[] = [];
    const references: number[] = [];
    for (let round = 0; round < params.warmups + params.repeats; round++) {
      await recordEvents(app, `r${round}`, params.events, params.perGuest);
      const started = process.hrtime.bigint();
      await relay.drain();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const reference = await postDirectly(receiver, params.events, concurrency);
      if (round >= params.warmups) {
        rates.push(params.events / seconds);
        references.push(reference);
      }
    }
    const pool = mysql.createPool({ uri: database.url, connectionLimit: 2 });
    const check = await checkDelivered(pool, receiver).finally(() => pool.end());
    const figure = summarise(rates);
    const reference = summarise(references);
    return {
      name: 'delivery',
      what: `${params.events} events of ${params.events / params.perGuest} guests recorded, then WebhookRelay.drain() to one loopback subscriber answering 204: fan-out, claims, signed POSTs (${concurrency} in flight) and outcomes`,
      figure: { ...figure, unit: 'events/s' },
      reference: { ...reference, unit: 'POSTs/s', what: `the same number of signed POSTs straight to the subscriber, ${concurrency} in flight on kept-alive connections` },
      ratioPercent: (figure.median / reference.median) * 100,
      target: '≥ 1,000 events/s; every event delivered once, in order per guest',
      met: figure.median >= 1000 && delivered(check),
      details: { eventsPerRound: params.events, ...problems(check) },
    };
  } finally {
    await app.close();
    await receiver.close();
    await database.drop();
  }
}

export interface SubscriberDownParams {
  /** Tabs closed a second, in batches of that many. */
  closesPerSecond: number;
  /** The close load before the outage, for the reference latency. */
  beforeSeconds: number;
  outageSeconds: number;
  parallelism: number;
}

export const SUBSCRIBER_DOWN_DEFAULTS: SubscriberDownParams = { closesPerSecond: 20, beforeSeconds: 60, outageSeconds: 600, parallelism: 8 };

/**
 * The outage: under a steady close load, the only subscriber's host goes off (its
 * port refuses connections) for `outageSeconds`, then comes back and the load stops. The
 * till's close latency during the outage is set beside the one before it; then the time the
 * backlog takes to reach the subscriber, and whether any event was lost, doubled or out of
 * order for its guest.
 */
export async function subscriberDownBenchmark(params: SubscriberDownParams = SUBSCRIBER_DOWN_DEFAULTS): Promise<BenchResult> {
  const database = await benchDatabase();
  const receiver = await new BenchReceiver().start();
  const batches = Math.ceil(params.beforeSeconds + params.outageSeconds) + 1;
  const count = params.closesPerSecond * 10;
  const restaurant = await openRestaurant(database.url, {
    count,
    rounds: Math.ceil((batches * params.closesPerSecond) / count) + 1,
    parallelism: params.parallelism,
    options: { webhooks: RELAY },
  });
  try {
    await subscribe(restaurant.baseUrl, receiver);
    await settle(restaurant.pool);
    const before = await steadyCloses(restaurant, params, params.beforeSeconds);
    await receiver.stop();
    const during = await steadyCloses(restaurant, params, params.outageSeconds);
    const backlog = await owed(restaurant.pool);
    await receiver.start();
    const back = process.hrtime.bigint();
    await settle(restaurant.pool, 3_600_000);
    const drainSeconds = Number(process.hrtime.bigint() - back) / 1e9;
    const check = await checkDelivered(restaurant.pool, receiver);
    const p99Before = percentile(before.latencies, 99);
    const p99During = percentile(during.latencies, 99);
    return {
      name: 'subscriber down',
      what: `${params.closesPerSecond} closes/s; the subscriber refuses connections for ${params.outageSeconds} s, then is back and the load stops`,
      figure: { ...summarise([p99During]), unit: 'ms close p99 during the outage' },
      reference: { ...summarise([p99Before]), unit: 'ms close p99', what: `the same load for ${params.beforeSeconds} s before, the subscriber up` },
      ratioPercent: (p99During / p99Before) * 100,
      target: 'close p99 during ≤ 125% of before; the backlog drained; nothing lost, doubled or out of order',
      met: p99During <= 1.25 * p99Before && before.mismatches + during.mismatches === 0 && delivered(check),
      details: {
        closeP50BeforeMs: round2(percentile(before.latencies, 50)),
        closeP50DuringMs: round2(percentile(during.latencies, 50)),
        closesDuring: during.latencies.length,
        backlogEvents: backlog,
        drainSeconds: round2(drainSeconds),
        eventsDelivered: check.expected,
        mismatches: before.mismatches + during.mismatches,
        ...problems(check),
      },
    };
  } finally {
    await restaurant.close();
    await receiver.close();
    await database.drop();
  }
}

/** Closes `closesPerSecond` tabs at the start of every second for `seconds`, each batch's regulars seated just before. */
async function steadyCloses(restaurant: BenchRestaurant, params: SubscriberDownParams, seconds: number): Promise<{ latencies: number[]; mismatches: number }> {
  const latencies: number[] = [];
  let mismatches = 0;
  const started = Date.now();
  for (let batch = 0; batch < seconds; batch++) {
    const first = (batch * params.closesPerSecond) % restaurant.regulars.length;
    const regulars = restaurant.regulars.slice(first, first + params.closesPerSecond);
    const closes = await closeRound(restaurant, params.parallelism, regulars);
    latencies.push(...closes.latencies);
    mismatches += closes.mismatches;
    await sleep(Math.max(0, started + (batch + 1) * 1000 - Date.now()));
  }
  latencies.sort((a, b) => a - b);
  return { latencies, mismatches };
}

async function subscribe(baseUrl: string, receiver: BenchReceiver): Promise<void> {
  await managerAt(baseUrl)('/webhooks', { url: receiver.url, eventTypes: ['*'] });
}

/** Tier moves for `events / perGuest` guests, each guest's in order, recorded a hundred to a transaction. */
async function recordEvents(app: INestApplication, round: string, events: number, perGuest: number): Promise<void> {
  const uow = app.get(UnitOfWork);
  const outbox = app.get(Outbox);
  const facts = Array.from({ length: events }, (_, i): FactToRecord => {
    const customerId = `c-${round}-${Math.floor(i / perGuest)}`;
    return { type: 'tier.changed', data: { customerId, moveId: `tm-${round}-${i}`, from: null, to: { code: 'GOLD', name: 'Gold' }, reason: 'threshold_reached' }, customerId };
  });
  await runParallel(chunks(facts, 100), 4, (chunk) => uow.transaction(async () => void outbox.recordAll(TENANT, chunk)));
}

/** As many signed POSTs of a tier move as the round has events, straight to the subscriber; answers POSTs a second. */
async function postDirectly(receiver: BenchReceiver, count: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(receiver.url);
  const run = await runParallel(Array.from({ length: count }, (_, i) => i), concurrency, async (i) => {
    const body = JSON.stringify({ id: `direct-${Date.now()}-${i}`, type: 'tier.changed', customerId: null, data: { to: { code: 'GOLD' } } });
    await new Promise<void>((resolve, reject) => {
      const post = request(target, { method: 'POST', agent, headers: { ...signRequest({ secret: SECRET, body }), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume().on('end', resolve);
      });
      post.on('error', reject);
      post.end(body);
    });
  });
  agent.destroy();
  return count / run.seconds;
}

/** Events not yet fanned out and deliveries not yet delivered. */
async function owed(pool: mysql.Pool): Promise<number> {
  const [rows] = (await pool.query(
    `SELECT (SELECT COUNT(*) FROM rc_outbox_events WHERE fanned_out_at IS NULL) + (SELECT COUNT(*) FROM rc_webhook_deliveries WHERE status <> 'delivered') AS n`,
  )) as unknown as [{ n: number }[]];
  return Number(rows[0].n);
}

/** Until the relay owes nothing. */
async function settle(pool: mysql.Pool, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await owed(pool)) > 0) {
    if (Date.now() > deadline) throw new Error(`the relay still owed ${await owed(pool)} events and deliveries after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

interface DeliveryCheck {
  expected: number;
  lost: number;
  repeats: number;
  outOfOrder: number;
  /** Attempts that did not deliver: the subscriber down, or a connection that failed. */
  failedAttempts: number;
}

/** Every event the subscription was owed against what its receiver got: lost, repeated, and guests whose events came out of their order. */
async function checkDelivered(pool: mysql.Pool, receiver: BenchReceiver): Promise<DeliveryCheck> {
  const [rows] = (await pool.query(
    `SELECT d.event_id AS id, d.customer_id AS customerId FROM rc_webhook_deliveries d JOIN rc_webhook_subscriptions s ON s.tenant_id = d.tenant_id AND s.id = d.subscription_id ORDER BY d.event_id`,
  )) as unknown as [{ id: string; customerId: string | null }[]];
  const owedTo = new Map<string, string[]>();
  for (const row of rows) {
    const ids = owedTo.get(row.customerId ?? '');
    if (ids) ids.push(row.id);
    else owedTo.set(row.customerId ?? '', [row.id]);
  }
  const { byGuest, repeats } = await receiver.report();
  let lost = 0;
  let outOfOrder = 0;
  for (const [guest, ids] of owedTo) {
    const got = new Set(byGuest.get(guest) ?? []);
    lost += ids.filter((id) => !got.has(id)).length;
    const arrived = (byGuest.get(guest) ?? []).filter((id) => ids.includes(id));
    if (guest !== '' && arrived.join() !== ids.filter((id) => got.has(id)).join()) outOfOrder += 1;
  }
  const [attempts] = (await pool.query(
    `SELECT COALESCE(SUM(attempts), 0) - SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) AS failed, MAX(last_error) AS lastError FROM rc_webhook_deliveries`,
  )) as unknown as [{ failed: number; lastError: string | null }[]];
  if (attempts[0].lastError) console.log(`  a failed attempt: ${attempts[0].lastError}`);
  return { expected: rows.length, lost, repeats, outOfOrder, failedAttempts: Number(attempts[0].failed) };
}

/** Every event arrived, once, in its guest's order. */
function delivered(check: DeliveryCheck): boolean {
  return check.lost === 0 && check.repeats === 0 && check.outOfOrder === 0;
}

function problems(check: DeliveryCheck): Record<string, number> {
  return { lost: check.lost, doubled: check.repeats, guestsOutOfOrder: check.outOfOrder, failedAttempts: check.failedAttempts };
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
