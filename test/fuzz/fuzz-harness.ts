import fc from 'fast-check';
import request from 'supertest';
import { PERMISSIONS, regularsOpenApiDocument, signRequest, WebhookRelay } from '../../src/index.js';
import { REGULARS_CONFIG } from '../../src/common/config/regulars.constants.js';
import type { RegularsConfig } from '../../src/common/config/regulars-options.js';
import type { TestEngine } from '../support/databases.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, startPlugin, TENANT, TEST_SECRETS, type TestPlugin } from '../support/plugin.js';
import { enrolRegular, holdBonus, seatGuest, setUpRestaurant } from '../support/restaurant.js';
import { tableFingerprints } from '../support/tables.js';
import { requestsFor, type FuzzRequest, type OpenApiDocument } from './api-requests.js';
import type { Pools } from './schema-values.js';

/** A `path: reason` line: the field first, as CONTRACT.md section 6 has it. */
const NAMES_A_FIELD = /^[A-Za-z_$][\w$.[\]-]*: \S/;

export interface FuzzRun {
  runs: number;
  seed: number;
}

/** What the long run reports: requests sent, by status class, and 5xx (always 0, or it failed). */
export interface FuzzFigures {
  requests: number;
  byStatus: Record<string, number>;
}

/**
 * The plugin on a fresh database of the engine, its health and metrics routes on, with a restaurant to aim at (guests with
 * cards, accounts with balances, a tab with a hold, a reward, a tier, a membership…), and
 * the pools of its real ids.
 */
export async function fuzzTarget(engine: TestEngine): Promise<{ plugin: TestPlugin; pools: Pools; doc: OpenApiDocument }> {
  // The operations routes on, as a vendor runs it in production (operations-requests.ts fuzzes them).
  const plugin = await startPlugin(engine, { identifyPerMinute: 100_000, operations: { health: true, metrics: true } });
  const app = plugin.app;
  const manage = async (path: string, body: object) => (await actorCall(app, 'post', path, MANAGER, body, freshKey()).expect(201)).body;
  await setUpRestaurant(app);
  const anna = await enrolRegular(app, `FUZZ-A-${process.pid}`, 5000);
  const boris = await enrolRegular(app, `FUZZ-B-${process.pid}`, 5000);
  await seatGuest(app, 'tab-fuzz-1', anna.id);
  const hold = (await holdBonus(app, { tabId: 'tab-fuzz-1', accountId: anna.bonusAccountId, amount: 500, idempotencyKey: 'fuzz-hold-1' }).expect(201)).body;
  const reward = await manage('/rewards', { code: 'FUZZ_DESSERT', name: 'Dessert', benefit: { kind: 'free_product', productId: 'p-dessert' }, accountTypeCode: 'points', price: 100 });
  const tier = await manage('/tiers', { code: 'GOLD', name: 'Gold', rank: 1, metric: 'spent', threshold: 100_000 });
  const family = await manage('/memberships', { name: 'Fuzz family', ownerCustomerId: boris.id });
  const batch = await manage('/card-batches', { name: 'Fuzz cards', type: 'barcode_card', prefix: '77', digits: 6, firstNumber: 1, lastNumber: 999, issue: 2 });
  const contact = await manage(`/customers/${anna.id}/contacts`, { type: 'email', value: 'anna@example.com' });
  await manage('/account-types', { code: 'gift', name: 'Gift card', kind: 'gift_card', unit: 'EUR' });
  const giftCard = await manage('/gift-cards', { amount: 5000, saleId: 'fuzz-sale-1' });
  const [rule] = (await actorCall(app, 'get', '/sales-rules', MANAGER).expect(200)).body;
  const categories = (await actorCall(app, 'get', '/promotion-categories', MANAGER).expect(200)).body;
  const types = (await actorCall(app, 'get', '/account-types', MANAGER).expect(200)).body;
  const identifiers = (await actorCall(app, 'get', `/customers/${anna.id}/identifiers`, MANAGER).expect(200)).body;
  const assignments = (await actorCall(app, 'get', `/customers/${anna.id}/categories`, MANAGER).expect(200)).body;
  // A delivery for the log and retry routes, sent (refused) once to a port on this machine: nothing leaves it.
  const webhooks = app.get<RegularsConfig>(REGULARS_CONFIG).webhooks;
  webhooks.allowPrivateTargets = true;
  const webhook = await manage('/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['*'], active: false });
  await manage(`/webhooks/${webhook.id}/test`, {});
  await app.get(WebhookRelay).drain();
  webhooks.allowPrivateTargets = false;
  const { items: deliveries } = (await actorCall(app, 'get', `/webhooks/${webhook.id}/deliveries`, MANAGER).expect(200)).body;
  const pools: Pools = {
    customers: [anna.id, boris.id],
    accounts: [anna.pointsAccountId, anna.bonusAccountId, boris.pointsAccountId, boris.bonusAccountId],
    tabs: ['tab-fuzz-1', 'tab-fuzz-2'],
    holds: [hold.holdId],
    giftCards: [giftCard.code],
    rewards: [reward.id],
    tiers: [tier.id],
    tierCodes: ['GOLD'],
    memberships: [family.id],
    batches: [batch.id],
    contacts: [contact.id],
    rules: [rule.id],
    categories: categories.map((category: { id: string }) => category.id),
    categoryCodes: categories.map((category: { code: string }) => category.code),
    accountTypes: types.map((type: { id: string }) => type.id),
    accountTypeCodes: types.map((type: { code: string }) => type.code),
    identifiers: identifiers.map((identifier: { id: string }) => identifier.id),
    cards: [anna.card, boris.card],
    assignments: assignments.map((assignment: { id: string }) => assignment.id),
    webhooks: [webhook.id],
    deliveries: deliveries.map((delivery: { id: string }) => delivery.id),
    jobs: ['tiers', 'lot-expiry', 'hold-release', 'birthdays', 'event-retention', 'reports'],
    locations: ['cafe-7'],
    reports: ['members', 'money', 'points', 'tiers', 'rewards', 'top-guests'],
    permissions: Object.keys(PERMISSIONS),
  };
  return { plugin, pools, doc: regularsOpenApiDocument(app) as unknown as OpenApiDocument };
}

/** Sends the request as a host would: JSON, signed over timestamp, actor and body. */
async function send(plugin: TestPlugin, fuzz: FuzzRequest): Promise<request.Response> {
  const timestamp = Math.floor(plugin.clock.now().getTime() / 1000);
  const body = fuzz.body ?? '';
  const tenantOf = (fuzz.actor as { tenantId?: unknown } | null)?.tenantId;
  const eventTenant = fuzz.body && fuzz.route === 'POST /hooks/guest-tab' ? (safeJson(fuzz.body) as { tenantId?: unknown } | null)?.tenantId : undefined;
  const tenantId = typeof tenantOf === 'string' ? tenantOf : typeof eventTenant === 'string' ? eventTenant : TENANT;
  const secret = Object.hasOwn(TEST_SECRETS, tenantId) ? TEST_SECRETS[tenantId as keyof typeof TEST_SECRETS] : TEST_SECRETS[TENANT];
  // A header is ASCII: a host escapes other characters in the actor's JSON, as this does.
  const actorHeader = fuzz.actor === null || fuzz.actor === undefined ? undefined : JSON.stringify(fuzz.actor).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const headers: Record<string, string> = signRequest({ secret, body, actorHeader, timestamp });
  if (fuzz.body !== undefined) headers['content-type'] = 'application/json';
  if (fuzz.idempotencyKey !== null) headers['idempotency-key'] = fuzz.idempotencyKey;
  const call = request(plugin.app.getHttpServer())
    [fuzz.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](fuzz.path)
    .query(fuzz.query)
    .set(headers);
  return fuzz.body === undefined ? call : call.send(fuzz.body);
}

/** Long strings printed by their start and length; the seed and path fast-check prints replay the request whole. */
export function shortened(_: string, value: unknown): unknown {
  return typeof value === 'string' && value.length > 160 ? `${value.slice(0, 80)}… (${value.length} characters)` : value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The property every request must keep: no 5xx; a refusal (4xx) carries a code and a message
 * that names what was wrong (a field first, for a 400), and no rc_ table a request writes
 * changed (identification attempts, refused ones too, reach theirs on a timer).
 */
export async function checkOne(plugin: TestPlugin, fuzz: FuzzRequest, figures: FuzzFigures): Promise<void> {
  const before = await tableFingerprints(plugin.app);
  const response = await send(plugin, fuzz);
  figures.requests += 1;
  const statusClass = `${String(response.status)[0]}xx`;
  figures.byStatus[statusClass] = (figures.byStatus[statusClass] ?? 0) + 1;
  const problem = problemOf(response);
  if (problem) throw new Error(`${problem}\nanswer ${response.status}: ${JSON.stringify(response.body).slice(0, 2000)}`);
  if (response.status >= 400) {
    const after = await tableFingerprints(plugin.app);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    if (changed.length > 0) throw new Error(`refused with ${response.status} ${response.body.code}, yet wrote to ${changed.join(', ')}`);
  }
}

function problemOf(response: request.Response): string | null {
  if (response.status >= 500) return `answered ${response.status}`;
  // Node's HTTP parser answers headers past its 16 kB itself, before any route of the host's.
  if (response.status < 400 || response.status === 431) return null;
  const { code, message } = response.body ?? {};
  if (typeof code !== 'string' || code.length === 0) return 'a refusal without a code';
  const lines = [message].flat().filter((line): line is string => typeof line === 'string' && line.length > 0);
  if (lines.length === 0) return 'a refusal without a message';
  if (response.status === 400 && !lines.every((line) => NAMES_A_FIELD.test(line))) return 'a 400 whose message does not name the field';
  return null;
}

/** Runs `runs` generated requests from `seed`; fast-check prints the failing one, shrunk, to send again. */
export async function fuzz(plugin: TestPlugin, pools: Pools, doc: OpenApiDocument, run: FuzzRun): Promise<FuzzFigures> {
  const figures: FuzzFigures = { requests: 0, byStatus: {} };
  const requests = requestsFor(doc, pools, { own: TENANT, other: OTHER_TENANT }).map((fuzzRequest) =>
    Object.assign(fuzzRequest, { [fc.toStringMethod]: () => `\n${JSON.stringify(fuzzRequest, shortened, 2)}` }),
  );
  await fc.assert(
    fc.asyncProperty(requests, (fuzzRequest) => checkOne(plugin, fuzzRequest, figures)),
    { numRuns: run.runs, seed: run.seed, endOnFailure: true },
  );
  return figures;
}
