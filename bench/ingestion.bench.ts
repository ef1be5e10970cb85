import { randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import mysql from 'mysql2/promise';
import { benchDatabase } from './support/environment.js';
import { BARE_POOL_SIZE, BareDatabase, onAdapter, startHostWithBareRoute, type HttpAdapterName } from './support/host.js';
import { postSignedFromWorker } from './support/http-load.js';
import type { BenchResult } from './support/result.js';
import { percentile, repeat, runParallel, summarise } from './support/stats.js';

export interface IngestionParams {
  /** Events per round before duplicates are added. */
  events: number;
  parallelism: number;
  warmups: number;
  repeats: number;
}

export const INGESTION_DEFAULTS: IngestionParams = { events: 4000, parallelism: 16, warmups: 1, repeats: 3 };

const TENANT = 'bench';
const SECRET = 'bench-secret-0123456789abcdef';
const LIFECYCLE = [
  'guest_tab.opened',
  'guest_tab.updated',
  'guest_tab.updated',
  'guest_tab.updated',
  'guest_tab.updated',
  'guest_tab.updated',
  'guest_tab.prechecked',
  'guest_tab.closed',
] as const;

interface StreamEvent {
  id: string;
  tabId: string;
  type: string;
  version: number;
  body: string;
}

const INSERT_IGNORE =
  'INSERT IGNORE INTO rc_inbox (tenant_id, event_id, event_type, tab_id, tab_version, status, effects, occurred_at, received_at) ' +
  "VALUES (?, ?, ?, ?, ?, 'applied', '[]', ?, ?)";

/** The inbox row alone, on a route of the host's own: what an HTTP route cannot do with less. */
@Controller('bench')
class BareInboxController {
  constructor(private readonly database: BareDatabase) {}

  @Post('inbox')
  @HttpCode(200)
  async record(@Body() event: { id: string; type: string; occurredAt: string; tab: { id: string; version: number } }): Promise<object> {
    await this.database.pool.query(INSERT_IGNORE, [TENANT, event.id, event.type, event.tab.id, event.tab.version, new Date(event.occurredAt), new Date()]);
    return { eventId: event.id, status: 'applied', effects: [] };
  }
}

/** Tabs interleaved as at a lunch peak; 20% of a tab's neighbours swapped; 10% re-sent. */
function eventStream(count: number, round: string): { stream: StreamEvent[]; uniqueIds: number; tabs: number } {
  const tabs = Math.max(1, Math.ceil(count / LIFECYCLE.length));
  const perTab: StreamEvent[][] = [];
  for (let t = 0; t < tabs; t++) {
    const tabId = `tab-${round}-${t}`;
    const events = LIFECYCLE.map((type, i) => event(`${round}-${t}-${i}`, tabId, type, i + 1));
    for (let i = 0; i + 1 < events.length; i++) {
      if (Math.random() < 0.2) [events[i], events[i + 1]] = [events[i + 1], events[i]];
    }
    perTab.push(events);
  }
  const stream: StreamEvent[] = [];
  for (let i = 0; i < LIFECYCLE.length; i++) for (const events of perTab) stream.push(events[i]);
  const uniqueIds = stream.length;
  for (let d = 0; d < Math.round(uniqueIds * 0.1); d++) {
    const original = stream[Math.floor(Math.random() * uniqueIds)];
    stream.splice(Math.floor(Math.random() * stream.length) + 1, 0, original);
  }
  return { stream, uniqueIds, tabs };
}

function event(id: string, tabId: string, type: string, version: number): StreamEvent {
  const body = JSON.stringify({
    id,
    type,
    occurredAt: new Date().toISOString(),
    tenantId: TENANT,
    locationId: 'bench-cafe',
    terminalId: 'pos-1',
    actor: { id: 'waiter', permissions: ['terminal.use'] },
    tab: {
      id: tabId,
      version,
      status: type === 'guest_tab.closed' ? 'closed' : 'open',
      openedAt: '2026-11-23T12:00:00Z',
      currency: 'EUR',
      pricesIncludeTax: true,
      customer: null,
      orders: [{ id: 'o-1', items: [{ id: 'l-1', productId: 'p-1', quantity: 2, amount: 2400, taxAmount: 400 }] }],
      payments: [],
    },
  });
  return { id, tabId, type, version, body };
}

/**
 * The host's events over HTTP on `adapter`, beside two floors in the same run: the inbox's
 * INSERT IGNORE in this process, and the same INSERT behind a bare route of the same app,
 * posted the same way (signed bodies from the load worker, the same parallelism) in turns
 * with the plugin's rounds.
 */
export async function ingestionBenchmark(params: IngestionParams = INGESTION_DEFAULTS, adapter: HttpAdapterName = 'express'): Promise<BenchResult> {
  const database = await benchDatabase();
  const options = { database: { url: database.url }, tenantSecrets: { [TENANT]: SECRET }, runMigrations: true };
  const { app, baseUrl } = await startHostWithBareRoute(options, database.url, BareInboxController, adapter);
  const pool = mysql.createPool({ uri: database.url, connectionLimit: 10 });
  const latencies: number[] = [];
  const bareLatencies: number[] = [];
  let duplicateEffects = 0;
  let refused = 0;
  let bareRefused = 0;
  try {
    const post = (path: string, stream: StreamEvent[]) =>
      postSignedFromWorker({ url: `${baseUrl}${path}`, secret: SECRET, bodies: stream.map((item) => item.body), parallelism: params.parallelism });
    const pluginRound = async () => {
      const round = randomBytes(3).toString('hex');
      const { stream, uniqueIds } = eventStream(params.events, round);
      const run = await post('/hooks/guest-tab', stream);
      refused += run.failures;
      latencies.push(...run.latencies);
      duplicateEffects += await countDuplicateEffects(pool, round, uniqueIds);
      return stream.length / run.seconds;
    };
    const bareRound = async () => {
      const { stream } = eventStream(params.events, randomBytes(3).toString('hex'));
      const run = await post('/bench/inbox', stream);
      bareRefused += run.failures;
      bareLatencies.push(...run.latencies);
      return stream.length / run.seconds;
    };
    const pluginSamples: number[] = [];
    const bareSamples: number[] = [];
    for (let i = 0; i < params.warmups + params.repeats; i++) {
      const [plugin, bare] = [await pluginRound(), await bareRound()];
      if (i < params.warmups) continue;
      pluginSamples.push(plugin);
      bareSamples.push(bare);
    }
    const plugin = summarise(pluginSamples);
    const bareRoute = summarise(bareSamples);

    await pool.query('DELETE FROM rc_inbox');
    const reference = await repeat(
      async () => {
        const round = randomBytes(3).toString('hex');
        const { stream } = eventStream(params.events, round);
        const run = await runParallel(stream, params.parallelism, async (item) => {
          await pool.query(INSERT_IGNORE, [TENANT, item.id, item.type, item.tabId, item.version, new Date(), new Date()]);
        });
        return stream.length / run.seconds;
      },
      { warmups: params.warmups, repeats: params.repeats },
    );

    latencies.sort((a, b) => a - b);
    bareLatencies.sort((a, b) => a - b);
    const ratioPercent = (plugin.median / reference.median) * 100;
    const bareRatioPercent = (plugin.median / bareRoute.median) * 100;
    const bareMet = bareRatioPercent >= 50 && bareRefused === 0;
    return {
      name: onAdapter('ingestion', adapter),
      what: `signed tab events over HTTP on ${adapter}, 10% re-sent, 20% out of order, ${params.parallelism} in flight`,
      figure: { ...plugin, unit: 'events/s' },
      reference: { ...reference, unit: 'inserts/s', what: 'raw INSERT IGNORE of the same ids into rc_inbox in this process, no HTTP, same parallelism' },
      ratioPercent,
      target: '≥ 50% of the reference; 0 duplicate effects',
      met: ratioPercent >= 50 && duplicateEffects === 0 && refused === 0 && bareMet,
      furtherReferences: [
        {
          ...bareRoute,
          name: 'bare route',
          unit: 'requests/s',
          what: `the same INSERT IGNORE behind a bare route of the same app on ${adapter}, no signature check, mysql2 pool of ${BARE_POOL_SIZE}; the same signed bodies from the same worker, in turns with the plugin's rounds`,
          ratioPercent: bareRatioPercent,
          target: '≥ 50%',
          met: bareMet,
        },
      ],
      details: {
        ackP50Ms: round2(percentile(latencies, 50)),
        ackP99Ms: round2(percentile(latencies, 99)),
        bareRouteP99Ms: round2(percentile(bareLatencies, 99)),
        duplicateEffects,
        refused,
        bareRouteRefused: bareRefused,
        eventsPerRound: Math.round(params.events * 1.1),
      },
    };
  } finally {
    await pool.end();
    await app.close();
    await database.drop();
  }
}

/**
 * Every id once in the inbox, and at most one applied event per (tab, type, version):
 * anything else would be an effect applied twice.
 */
async function countDuplicateEffects(pool: mysql.Pool, round: string, uniqueIds: number): Promise<number> {
  const [[counts]] = (await pool.query(`SELECT COUNT(*) AS total FROM rc_inbox WHERE tenant_id = ? AND event_id LIKE ?`, [
    TENANT,
    `${round}-%`,
  ])) as unknown as [{ total: number }[]];
  const [twice] = (await pool.query(
    `SELECT COUNT(*) AS n FROM (SELECT applied_key FROM rc_inbox WHERE tenant_id = ? AND event_id LIKE ? AND status = 'applied'
       GROUP BY applied_key HAVING COUNT(*) > 1) AS doubled`,
    [TENANT, `${round}-%`],
  )) as unknown as [{ n: number }[]];
  return Math.abs(Number(counts.total) - uniqueIds) + Number(twice[0].n);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
