import { Body, Controller, HttpCode, Injectable, NotFoundException, Post, type INestApplication } from '@nestjs/common';
import { type IdentifierType, type RegularsOptions } from '../src/index.js';
import { activeKeyOf } from '../src/modules/identification/entities/identifier.entity.js';
import { normaliseIdentifierValue } from '../src/modules/identification/identifier-values.js';
import { benchDatabase } from './support/environment.js';
import { BARE_POOL_SIZE, BareDatabase, onAdapter, startHostWithBareRoute, type HttpAdapterName } from './support/host.js';
import type { BenchResult } from './support/result.js';
import { hostPost, identifyRequests, loadRound, managerOf, measureInTurn, roundLength, type RoundLength } from './support/load.js';

export interface IdentifyParams extends RoundLength {
  connections: number;
  warmups: number;
  repeats: number;
}

export const IDENTIFY_DEFAULTS: IdentifyParams = { durationMs: 8_000, connections: 50, warmups: 1, repeats: 3 };

const TENANT = 'bench';
const SECRET = 'bench-secret-0123456789abcdef';
const CARD = '2000012345678';
/** A waiter feels the slowest answers: the card's p99 may be at most this many times the bare look-up's, under the same load. */
const TARGET_P99_TIMES_REFERENCE = 1.5;

/** The least a card look-up can cost: one SELECT on the unique (tenant_id, active_key) key. */
@Injectable()
class ActiveIdentifiers {
  constructor(private readonly database: BareDatabase) {}

  async find(type: IdentifierType, presented: string): Promise<unknown> {
    const value = normaliseIdentifierValue(type, presented, null) ?? '';
    const [rows] = await this.database.pool.query('SELECT * FROM rc_identifiers WHERE tenant_id = ? AND active_key = ?', [TENANT, activeKeyOf(type, value)]);
    return (rows as unknown[])[0];
  }
}

@Controller('bench')
class BareIdentifyController {
  constructor(private readonly identifiers: ActiveIdentifiers) {}

  @Post('identify')
  @HttpCode(200)
  async identify(@Body() body: { identifier: { type: IdentifierType; value: string } }): Promise<unknown> {
    const row = await this.identifiers.find(body.identifier.type, body.identifier.value);
    if (!row) throw new NotFoundException('no such card');
    return row;
  }
}

function startHostWithBareLookUp(databaseUrl: string, adapter: HttpAdapterName): Promise<{ app: INestApplication; baseUrl: string }> {
  const options: RegularsOptions = {
    database: { url: databaseUrl },
    tenantSecrets: { [TENANT]: SECRET },
    runMigrations: true,
    jobs: false,
    // One terminal sends everything here: its rate limit must never be what answers.
    identifyPerMinute: 100_000_000,
  };
  return startHostWithBareRoute(options, databaseUrl, BareIdentifyController, adapter, [ActiveIdentifiers]);
}

/** A regular with a barcode card, made over the signed management API. */
async function enrolRegular(baseUrl: string, card: string): Promise<void> {
  const manage = <T>(path: string, body: object) => hostPost<T>(baseUrl, SECRET, managerOf(TENANT), path, body);
  const customer = await manage<{ id: string }>('/customers', { kind: 'individual', firstName: 'Bench', lastName: 'Regular', allowDuplicate: true });
  await manage(`/customers/${customer.id}/identifiers`, { type: 'barcode_card', value: card, entryMethod: 'scan' });
}

/**
 * A card presented at one till by 50 connections at once: the whole identify call (the
 * customer card answered) beside a bare route in the same app doing only the card's
 * indexed SELECT, both loaded the same way, on the host's HTTP adapter.
 */
export async function identifyBenchmark(params: IdentifyParams = IDENTIFY_DEFAULTS, adapter: HttpAdapterName = 'express'): Promise<BenchResult> {
  const database = await benchDatabase();
  let app: INestApplication | undefined;
  try {
    const host = await startHostWithBareLookUp(database.url, adapter);
    app = host.app;
    await enrolRegular(host.baseUrl, CARD);
    const load = (path: string) => () =>
      loadRound({ baseUrl: host.baseUrl, requests: () => identifyRequests(SECRET, TENANT, CARD, ['pos-1'], path), connections: params.connections, length: params });
    const [plugin, reference] = await measureInTurn([load('/terminal/identify'), load('/bench/identify')], params);
    const ratioPercent = (plugin.requestsPerSecond.median / reference.requestsPerSecond.median) * 100;
    return {
      name: onAdapter('identify', adapter),
      what: `POST /terminal/identify by barcode card, answering the customer card, on ${adapter}; ${params.connections} connections, ${roundLength(params)} a round, one terminal`,
      figure: { ...plugin.requestsPerSecond, unit: 'requests/s' },
      reference: {
        ...reference.requestsPerSecond,
        unit: 'requests/s',
        what: `bare route in the same Nest app, same request, no signature check: one SELECT on rc_identifiers by (tenant_id, active_key), mysql2 pool of ${BARE_POOL_SIZE}`,
      },
      ratioPercent,
      target: `≥ 70% of the reference's requests/s; p99 ≤ ${TARGET_P99_TIMES_REFERENCE}× the reference's; every answer 200`,
      met: ratioPercent >= 70 && plugin.p99Ms.median <= TARGET_P99_TIMES_REFERENCE * reference.p99Ms.median && plugin.non2xx === 0 && plugin.errors === 0,
      details: {
        p50Ms: plugin.p50Ms,
        p99Ms: plugin.p99Ms.median,
        referenceP50Ms: reference.p50Ms,
        referenceP99Ms: reference.p99Ms.median,
        non2xx: plugin.non2xx,
        errors: plugin.errors,
        referenceFailures: reference.non2xx + reference.errors,
      },
    };
  } finally {
    await app?.close();
    await database.drop();
  }
}
