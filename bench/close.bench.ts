import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import mysql from 'mysql2/promise';
import { GuestTabHooks, PERMISSIONS, signRequest, TerminalService, type EventResult, type GuestTabEvent, type RegularsOptions, type RequestActor, type TabSnapshot } from '../src/index.js';
import { newId } from '../src/common/ids.js';
import { benchDatabase } from './support/environment.js';
import { startHost } from './support/host.js';
import type { BenchResult, FurtherReference } from './support/result.js';
import { percentile, repeat, runParallel } from './support/stats.js';

export interface CloseParams {
  /** Tabs closed per timed round, each by a regular of its own. */
  tabs: number;
  parallelism: number;
  warmups: number;
  repeats: number;
}

export const CLOSE_DEFAULTS: CloseParams = { tabs: 300, parallelism: 8, warmups: 1, repeats: 3 };

export const TENANT = 'bench';
export const SECRET = 'bench-secret-0123456789abcdef';
const MANAGER = { tenantId: TENANT, id: 'manager', name: 'Bench Manager', permissions: Object.keys(PERMISSIONS) };
const TILL: RequestActor = { tenantId: TENANT, id: 'waiter', name: 'Anna', permissions: ['terminal.use'], terminalId: 'pos-1' };
/** What each guest pays of the bill with bonus money, in cents; the rest goes on a card. */
const BONUS_PAID = 500;
/** A day's hold time: no hold may lapse between seating the guests and closing their tabs. */
const HOLD_TTL_SECONDS = 86_400;
/** Every tab opened a dinner's length before the benchmark started. */
const OPENED_AT = new Date(Date.now() - 90 * 60_000).toISOString();

/** `guest_tab.closed` with capture, accrual and visit, every regular on accounts of their own. */
export function closeBenchmark(params: CloseParams = CLOSE_DEFAULTS): Promise<BenchResult> {
  return closeTabs(params, false);
}

/** The same closes with every regular in one membership: each close updates the same two account rows. */
export function hotAccountBenchmark(params: CloseParams = CLOSE_DEFAULTS): Promise<BenchResult> {
  return closeTabs(params, true);
}

export interface Regular {
  id: string;
  card: string;
  pointsAccountId: string;
  bonusAccountId: string;
}

interface Dinner {
  tabId: string;
  regular: Regular;
  holdId: string;
  visitId: string;
}

/** What the REGULARS category makes of the bench tab: the bill before and after 10% off, each line's discount, and its points. */
interface Bill {
  gross: number;
  net: number;
  points: number;
  lineDiscounts: Map<string, number>;
}

type Manage = (path: string, body: object) => Promise<Record<string, unknown>>;

/** A host with the bench restaurant open and its regulars enrolled, ready to seat and close their tabs. */
export interface BenchRestaurant {
  app: INestApplication;
  baseUrl: string;
  /** READ COMMITTED connections to the plugin's database, for references and checks. */
  pool: mysql.Pool;
  regulars: Regular[];
  bill: Bill;
  close(): Promise<void>;
}

/**
 * Starts the host on `databaseUrl` with `options` over the close benchmark's own, sets up the
 * restaurant and enrols `count` regulars with bonus enough for `rounds` dinners each (all in
 * one membership when `shared`).
 */
export async function openRestaurant(
  databaseUrl: string,
  input: { count: number; rounds: number; parallelism: number; shared?: boolean; options?: Partial<RegularsOptions> },
): Promise<BenchRestaurant> {
  const { app, baseUrl } = await startHost({
    database: { url: databaseUrl },
    tenantSecrets: { [TENANT]: SECRET },
    runMigrations: true,
    jobs: false,
    holdTtlSeconds: HOLD_TTL_SECONDS,
    // Every tab of the run is seated from one till within the minute: the bench measures
    // closing, not the card-enumeration limit.
    identifyPerMinute: 100_000_000,
    ...input.options,
  });
  const pool = readCommittedPool(databaseUrl, input.parallelism);
  const manage = managerAt(baseUrl);
  await setUpRestaurant(manage);
  const regulars = await (input.shared ? enrolFamily : enrolRegulars)(manage, input.count, input.rounds, input.parallelism);
  const bill = await priceDinner(app, regulars[0]);
  return {
    app,
    baseUrl,
    pool,
    regulars,
    bill,
    close: async () => {
      await pool.end();
      await app.close();
    },
  };
}

async function closeTabs(params: CloseParams, shared: boolean): Promise<BenchResult> {
  const database = await benchDatabase();
  // The by-hand reference spends a dinner's bonus each round as the plugin's closes do.
  const rounds = 2 * (params.warmups + params.repeats);
  const restaurant = await openRestaurant(database.url, { count: params.tabs, rounds, parallelism: params.parallelism, shared });
  const { pool, regulars, bill } = restaurant;
  try {
    const latencies: number[] = [];
    let mismatches = 0;
    const tabsPerSecond = await repeat(async () => {
      const round = await closeRound(restaurant, params.parallelism);
      latencies.push(...round.latencies);
      mismatches += round.mismatches;
      return round.tabsPerSecond;
    }, params);
    latencies.sort((a, b) => a - b);
    const closes = { tabsPerSecond, latencies, mismatches };
    const ledgerDrift = await countDriftingAccounts(pool);
    const byHand = await repeat(async () => {
      const dinners = await seatGuests(restaurant.app, regulars, `hand-${randomBytes(3).toString('hex')}`, params.parallelism);
      const run = await runParallel(dinners, params.parallelism, (dinner) => closeByHand(pool, dinner, bill));
      return dinners.length / run.seconds;
    }, params);
    // The by-hand rows keep the ledger as the plugin keeps it; the 4-write reference, run next, does not.
    const byHandDrift = await countDriftingAccounts(pool);
    const reference = await repeat(
      async () => {
        const round = randomBytes(3).toString('hex');
        const tabs = regulars.map((regular, i) => ({ tabId: `ref-${round}-${i}`, regular }));
        const run = await runParallel(tabs, params.parallelism, (tab) => rawClose(pool, tab.tabId, tab.regular, bill));
        return tabs.length / run.seconds;
      },
      params,
    );

    const ratioPercent = (closes.tabsPerSecond.median / reference.median) * 100;
    // A shared purse serialises on its row in the 4-write transaction as in a close: only the by-hand floor holds it to a target.
    const targetPercent = shared ? null : 25;
    const byHandPercent = (closes.tabsPerSecond.median / byHand.median) * 100;
    const byHandReference: FurtherReference = {
      ...byHand,
      name: 'by hand',
      unit: 'tabs/s',
      what:
        'every row the close writes, by hand in one mysql2 transaction per tab from the same seated tabs, with multi-row statements: the tab, the hold captured, the visit closed and its lines, ' +
        "the guest's totals and day counters, the inbox row; then, the account rows locked last, both balances, the capture and accrual entries, the bonus lot spent, the points lot, the three outbox events; same parallelism",
      ratioPercent: byHandPercent,
      target: '≥ 70% of the by-hand reference',
      met: byHandPercent >= 70 && byHandDrift === 0,
    };
    const correct = closes.mismatches === 0 && ledgerDrift === 0;
    return {
      name: shared ? 'hot account' : 'close',
      what:
        'guest_tab.closed through GuestTabHooks.handle: bonus hold captured, points accrued on the money share, visit recorded; ' +
        `${params.parallelism} tabs in flight, ${shared ? 'every regular in one membership (one points and one bonus account)' : 'each regular on accounts of their own'}`,
      figure: { ...closes.tabsPerSecond, unit: 'tabs/s' },
      reference: {
        ...reference,
        unit: 'tabs/s',
        what:
          `one mysql2 transaction per tab into the plugin's own tables with fresh ids: UPDATE ${shared ? 'the one shared' : "the regular's"} points account, ` +
          'INSERT … SELECT its ledger entry (sequence and balance from the row), INSERT a visit, INSERT an inbox row; same parallelism',
      },
      ratioPercent,
      target: `${targetPercent === null ? '' : `≥ ${targetPercent}% of the reference; `}0 mismatches, 0 drifting accounts`,
      met: (targetPercent === null || ratioPercent >= targetPercent) && correct && byHandReference.met,
      furtherReferences: [byHandReference],
      details: {
        closeP50Ms: round2(percentile(closes.latencies, 50)),
        closeP99Ms: round2(percentile(closes.latencies, 99)),
        mismatches: closes.mismatches,
        ledgerDrift,
        byHandDrift,
        tabsPerRound: params.tabs,
      },
    };
  } finally {
    await restaurant.close();
    await database.drop();
  }
}

/**
 * One round: seats every regular (or those given) at a new tab (untimed), then times the closes of those
 * tabs through the dispatcher and checks that each did all it should, once.
 */
export async function closeRound(
  restaurant: BenchRestaurant,
  parallelism: number,
  regulars: Regular[] = restaurant.regulars,
): Promise<{ tabsPerSecond: number; latencies: number[]; mismatches: number }> {
  const { app, pool, bill } = restaurant;
  const hooks = app.get(GuestTabHooks);
  const round = randomBytes(3).toString('hex');
  const dinners = await seatGuests(app, regulars, round, parallelism);
  const results: EventResult[] = [];
  const run = await runParallel(
    dinners.map((dinner) => closedEvent(dinner, bill)),
    parallelism,
    async (event) => {
      results.push(await hooks.handle(event));
    },
  );
  const mismatches = results.filter((result) => !closedWithEffects(result)).length + (await countMismatches(pool, round, dinners.length));
  return { tabsPerSecond: dinners.length / run.seconds, latencies: run.latencies, mismatches };
}

/** The plugin's own sessions are READ COMMITTED; the reference's are too, so both take the same locks. */
function readCommittedPool(url: string, connections: number): mysql.Pool {
  const pool = mysql.createPool({ uri: url, connectionLimit: connections });
  pool.on('connection', (connection) => connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'));
  return pool;
}

/** The back office's calls, signed as a host signs them. */
export function managerAt(baseUrl: string, method: 'POST' | 'PATCH' = 'POST'): Manage {
  return async (path, payload) => {
    const body = JSON.stringify(payload);
    const actorHeader = JSON.stringify({ ...MANAGER, requestId: randomUUID() });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...signRequest({ secret: SECRET, body, actorHeader }) },
      body,
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
}

/** As test/support/restaurant.ts: points at 10% of the bill, bonus money in euros, REGULARS with 10% off. */
async function setUpRestaurant(manage: Manage): Promise<void> {
  await manage('/account-types', { code: 'points', name: 'Points', kind: 'points', unit: 'points' });
  await manage('/account-types', { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' });
  await manage('/promotion-categories', { code: 'REGULARS', name: 'Regulars' });
  await manage('/sales-rules', { categoryCode: 'REGULARS', name: 'Regulars 10%', stacking: 'stack', effect: { kind: 'percent_off', percentBp: 1000 } });
  await manage('/sales-rules', { categoryCode: 'REGULARS', name: 'Regulars points', effect: { kind: 'points_rate', accountType: 'points', rateBp: 1000 } });
}

/** A customer in REGULARS with a barcode card, not yet holding any account. */
async function newRegularCustomer(manage: Manage, number: number): Promise<{ id: string; card: string }> {
  const card = `RC-BENCH-${number}`;
  const customer = await manage('/customers', { kind: 'individual', firstName: 'Guest', lastName: `Regular${number}`, allowDuplicate: true });
  const id = customer.id as string;
  await manage(`/customers/${id}/identifiers`, { type: 'barcode_card', value: card, entryMethod: 'scan' });
  await manage(`/customers/${id}/categories`, { categoryCode: 'REGULARS' });
  return { id, card };
}

/** The customer's points and bonus accounts (their holder's), with `bonus` credited on the bonus one. */
async function openAccounts(manage: Manage, customerId: string, bonus: number): Promise<{ pointsAccountId: string; bonusAccountId: string }> {
  const points = await manage(`/customers/${customerId}/accounts`, { accountTypeCode: 'points' });
  const purse = await manage(`/customers/${customerId}/accounts`, { accountTypeCode: 'bonus' });
  await manage(`/accounts/${purse.id as string}/entries`, { kind: 'manual_credit', amount: bonus, reason: 'Welcome bonus' });
  return { pointsAccountId: points.id as string, bonusAccountId: purse.id as string };
}

/** One regular per tab, each with enough bonus for a dinner in every round. */
async function enrolRegulars(manage: Manage, count: number, rounds: number, parallelism: number): Promise<Regular[]> {
  const regulars: Regular[] = [];
  await runParallel(numbers(count), parallelism, async (number) => {
    const customer = await newRegularCustomer(manage, number);
    regulars.push({ ...customer, ...(await openAccounts(manage, customer.id, BONUS_PAID * rounds)) });
  });
  return regulars;
}

/** One regular per tab, all members of one membership, whose accounts hold the bonus of every dinner. */
async function enrolFamily(manage: Manage, count: number, rounds: number, parallelism: number): Promise<Regular[]> {
  const customers: { id: string; card: string }[] = [];
  await runParallel(numbers(count), parallelism, async (number) => {
    customers.push(await newRegularCustomer(manage, number));
  });
  const membership = await manage('/memberships', { name: 'The bench family', ownerCustomerId: customers[0].id });
  await runParallel(customers.slice(1), parallelism, async ({ id }) => {
    await manage(`/memberships/${membership.id as string}/members`, { customerId: id });
  });
  const accounts = await openAccounts(manage, customers[0].id, BONUS_PAID * count * rounds);
  return customers.map((customer) => ({ ...customer, ...accounts }));
}

function numbers(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** The two-line dinner every tab serves, at the given version and status. */
export function dinnerTab(tabId: string, version: number, regular: Regular, fields: Partial<TabSnapshot> = {}): TabSnapshot {
  return {
    id: tabId,
    version,
    status: 'open',
    openedAt: OPENED_AT,
    closedAt: null,
    currency: 'EUR',
    pricesIncludeTax: true,
    divisionId: 'hall-2',
    tableId: 't-14',
    guestCount: 2,
    waiterId: 'u-17',
    customer: { identifier: { type: 'barcode_card', value: regular.card, entryMethod: 'scan' } },
    categories: { tab: [], division: [], table: [] },
    orders: [
      {
        id: 'o-1',
        categories: [],
        items: [
          { id: 'l-1', productId: 'p-88', productGroupIds: ['wine', 'drinks'], tags: ['alcohol'], name: 'Cabernet Sauvignon 0.15', quantity: 1, amount: 1200, taxAmount: 200, categories: [] },
          { id: 'l-2', productId: 'p-12', productGroupIds: ['food'], tags: [], name: 'Risotto', quantity: 1, amount: 1850, taxAmount: 308, categories: [] },
        ],
      },
    ],
    serviceCharge: 0,
    payments: [],
    ...fields,
  };
}

function tabEvent(type: GuestTabEvent['type'], tab: TabSnapshot): GuestTabEvent {
  return {
    id: `${tab.id as string}-v${tab.version as number}`,
    type,
    occurredAt: new Date().toISOString(),
    tenantId: TENANT,
    locationId: 'cafe-7',
    terminalId: TILL.terminalId,
    actor: { id: TILL.id, name: TILL.name, permissions: TILL.permissions },
    tab,
  };
}

/** What the till would charge a regular for the dinner, so the card pays exactly the rest. */
async function priceDinner(app: INestApplication, regular: Regular): Promise<Bill> {
  const priced = await app.get(TerminalService).evaluate(TILL, { tab: dinnerTab('tab-pricing', 1, regular) });
  return {
    gross: priced.totals.before,
    net: priced.totals.after,
    points: priced.accrual.reduce((sum, accrual) => sum + accrual.points, 0),
    lineDiscounts: new Map(priced.lines.map((line) => [line.lineId, line.discountTotal])),
  };
}

/** Each regular sits down at a tab of this round: the card is scanned, then bonus is held for the bill. */
async function seatGuests(app: INestApplication, regulars: Regular[], round: string, parallelism: number): Promise<Dinner[]> {
  const hooks = app.get(GuestTabHooks);
  const terminal = app.get(TerminalService);
  const dinners: Dinner[] = [];
  await runParallel(
    regulars.map((regular, i) => ({ regular, tabId: `tab-${round}-${i}` })),
    parallelism,
    async ({ regular, tabId }) => {
      const attached = await hooks.handle(tabEvent('guest_tab.customer_attached', dinnerTab(tabId, 1, regular)));
      if (attached.status !== 'applied') throw new Error(`attaching ${regular.card} to ${tabId} answered ${attached.status}`);
      const visitId = attached.effects.find((effect) => effect.kind === 'visit')?.id;
      if (!visitId) throw new Error(`attaching ${regular.card} to ${tabId} started no visit`);
      const hold = await terminal.holdBonus(TILL, { tabId, accountId: regular.bonusAccountId, amount: BONUS_PAID, idempotencyKey: `pay-${tabId}` });
      dinners.push({ tabId, regular, holdId: hold.holdId, visitId });
    },
  );
  return dinners;
}

/** The tab paid: the held bonus for its part, a card for the rest. */
function closedTab(dinner: Dinner, bill: Bill): TabSnapshot {
  const payments = [
    { method: 'bonus', amount: BONUS_PAID, holdId: dinner.holdId },
    { method: 'card', amount: bill.net - BONUS_PAID },
  ];
  return dinnerTab(dinner.tabId, 2, dinner.regular, { status: 'closed', closedAt: new Date().toISOString(), payments });
}

function closedEvent(dinner: Dinner, bill: Bill): GuestTabEvent {
  return tabEvent('guest_tab.closed', closedTab(dinner, bill));
}

/** Applied, with the bonus captured, points accrued and the visit closed. */
function closedWithEffects(result: EventResult): boolean {
  const has = (kind: string, detail: Record<string, string> = {}) =>
    result.effects.some((effect) => effect.kind === kind && Object.entries(detail).every(([key, value]) => effect[key] === value));
  return result.status === 'applied' && has('hold_captured') && has('ledger_entry', { entryKind: 'accrual' }) && has('visit', { status: 'closed' });
}

/** How far the round's captures, accruals, closed visits and applied closes are from one per tab. */
async function countMismatches(pool: mysql.Pool, round: string, tabs: number): Promise<number> {
  const like = `tab-${round}-%`;
  const [rows] = (await pool.query(
    `SELECT (SELECT COUNT(*) FROM rc_ledger_entries WHERE tenant_id = ? AND tab_id LIKE ? AND kind = 'capture') AS captures,
            (SELECT COUNT(*) FROM rc_ledger_entries WHERE tenant_id = ? AND tab_id LIKE ? AND kind = 'accrual') AS accruals,
            (SELECT COUNT(*) FROM rc_visits WHERE tenant_id = ? AND tab_id LIKE ? AND status = 'closed') AS visits,
            (SELECT COUNT(*) FROM rc_inbox WHERE tenant_id = ? AND tab_id LIKE ? AND event_type = 'guest_tab.closed' AND status = 'applied') AS closes`,
    [TENANT, like, TENANT, like, TENANT, like, TENANT, like],
  )) as unknown as [Record<string, number>[]];
  return Object.values(rows[0]).reduce((sum, count) => sum + Math.abs(Number(count) - tabs), 0);
}

/** Accounts whose cached balances disagree with their entries, or whose lots do not add up to the total. */
async function countDriftingAccounts(pool: mysql.Pool): Promise<number> {
  const [rows] = (await pool.query(
    `SELECT COUNT(*) AS n FROM rc_accounts a
     LEFT JOIN (SELECT account_id, SUM(amount) AS total, SUM(held_change) AS held, COUNT(*) AS entries FROM rc_ledger_entries WHERE tenant_id = ? GROUP BY account_id) e ON e.account_id = a.id
     LEFT JOIN (SELECT account_id, SUM(remaining) AS remaining FROM rc_lots WHERE tenant_id = ? GROUP BY account_id) l ON l.account_id = a.id
     WHERE a.tenant_id = ? AND (a.total <> COALESCE(e.total, 0) OR a.held <> COALESCE(e.held, 0) OR a.entry_count <> COALESCE(e.entries, 0) OR a.total <> COALESCE(l.remaining, 0))`,
    [TENANT, TENANT, TENANT],
  )) as unknown as [{ n: number }[]];
  return Number(rows[0].n);
}

/**
 * The least a close must write, by hand: the account row first (its lock held to the
 * end, as the plugin holds it), its entry numbered from the row, the visit, the inbox row.
 */
function rawClose(pool: mysql.Pool, tabId: string, regular: Regular, bill: Bill): Promise<void> {
  const { net, points } = bill;
  const now = new Date();
  return inTransaction(pool, async (connection) => {
    await connection.query('UPDATE rc_accounts SET total = total + ?, entry_count = entry_count + 1, updated_at = ? WHERE tenant_id = ? AND id = ?', [
      points,
      now,
      TENANT,
      regular.pointsAccountId,
    ]);
    await connection.query(
      `INSERT INTO rc_ledger_entries (tenant_id, id, account_id, sequence, kind, amount, held_change, balance_after, held_after, customer_id, tab_id, idempotency_key, actor_id, created_at)
       SELECT tenant_id, ?, id, entry_count, 'accrual', ?, 0, total, held, ?, ?, ?, ?, ? FROM rc_accounts WHERE tenant_id = ? AND id = ?`,
      [newId('le', now), points, regular.id, tabId, `accrual:${tabId}:points`, TILL.id, now, TENANT, regular.pointsAccountId],
    );
    await connection.query(
      `INSERT INTO rc_visits (tenant_id, id, customer_id, tab_id, status, currency, started_at, closed_at, net, points_earned, earned, spent, discounts, updated_at)
       VALUES (?, ?, ?, ?, 'closed', 'EUR', ?, ?, ?, ?, '{}', '{}', '[]', ?)`,
      [TENANT, newId('v', now), regular.id, tabId, now, now, net, points, now],
    );
    await connection.query(
      `INSERT INTO rc_inbox (tenant_id, event_id, event_type, tab_id, tab_version, status, applied_key, effects, occurred_at, received_at)
       VALUES (?, ?, 'guest_tab.closed', ?, 2, 'applied', ?, '[]', ?, ?)`,
      [TENANT, `${tabId}-v2`, tabId, `${tabId}:guest_tab.closed:2`, now, now],
    );
  });
}

async function inTransaction(pool: mysql.Pool, work: (connection: mysql.PoolConnection) => Promise<void>): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    await work(connection);
    await connection.commit();
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
}

/** One account's change in a close by hand: its ledger entry and the outbox event that announces it. */
interface AccountChange {
  accountId: string;
  entryId: string;
  kind: 'capture' | 'accrual';
  amount: number;
  heldChange: number;
  holdId: string | null;
  idempotencyKey: string | null;
  eventId: string;
  eventType: string;
}

/**
 * The changes as a derived table to join the account rows with, in account-id order: the
 * order the plugin locks accounts in, so that closes sharing a purse cannot deadlock.
 */
function changesTable(changes: AccountChange[]): { sql: string; values: (string | number | null)[] } {
  const sorted = [...changes].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  const row =
    'SELECT ? AS account_id, ? AS entry_id, ? AS kind, ? AS amount, ? AS held_change, ? AS hold_id, ? AS idempotency_key, ? AS event_id, ? AS event_type';
  return {
    sql: `(${sorted.map(() => row).join(' UNION ALL ')})`,
    values: sorted.flatMap((c) => [c.accountId, c.entryId, c.kind, c.amount, c.heldChange, c.holdId, c.idempotencyKey, c.eventId, c.eventType]),
  };
}

/**
 * The floor for this domain: every row the plugin's close writes (the general log of a close
 * lists them), written by hand from the same seated tab, one statement per table and
 * several rows a statement where a table takes several. The guest's own rows come first;
 * the accounts, which a family's tabs share, are locked last, and under their lock only
 * what needs their balances follows: the entries (numbered from the row), the bonus lot, the
 * outbox events (which carry the balance).
 */
function closeByHand(pool: mysql.Pool, dinner: Dinner, bill: Bill): Promise<void> {
  const { tabId, regular, holdId, visitId } = dinner;
  const now = new Date();
  const tab = closedTab(dinner, bill);
  const lines = tab.orders.flatMap((order) => order.items);
  const tax = lines.reduce((sum, line) => sum + (line.taxAmount ?? 0), 0);
  const accrualId = newId('le', now);
  const changes: AccountChange[] = [
    { accountId: regular.bonusAccountId, entryId: newId('le', now), kind: 'capture', amount: -BONUS_PAID, heldChange: -BONUS_PAID, holdId, idempotencyKey: null, eventId: newId('ev', now), eventType: 'account.debited' },
    { accountId: regular.pointsAccountId, entryId: accrualId, kind: 'accrual', amount: bill.points, heldChange: 0, holdId: null, idempotencyKey: `accrual:${tabId}:points`, eventId: newId('ev', now), eventType: 'account.credited' },
  ];
  const table = changesTable(changes);
  return inTransaction(pool, async (connection) => {
    await connection.query(`UPDATE rc_guest_tabs SET version = 2, status = 'closed', snapshot = ?, updated_at = ?, closed_at = ? WHERE tenant_id = ? AND id = ?`, [
      JSON.stringify(tab),
      now,
      now,
      TENANT,
      tabId,
    ]);
    await connection.query(`UPDATE rc_holds SET status = 'captured', captured_amount = amount, resolved_at = ? WHERE tenant_id = ? AND id = ?`, [now, TENANT, holdId]);
    await connection.query(
      `UPDATE rc_visits SET status = 'closed', closed_at = ?, gross = ?, discount = ?, net = ?, tax = ?, service_charge = 0, bonus_paid = ?, earned = ?, spent = ?, points_earned = ?, discounts = '[]', updated_at = ?
       WHERE tenant_id = ? AND id = ?`,
      [now, bill.gross, bill.gross - bill.net, bill.net, tax, BONUS_PAID, JSON.stringify({ points: bill.points }), JSON.stringify({ bonus: BONUS_PAID }), bill.points, now, TENANT, visitId],
    );
    await connection.query(
      'INSERT INTO rc_visit_lines (tenant_id, visit_id, line_id, customer_id, product_id, name, product_group_ids, quantity_milli, amount, discount, refunded_milli, refunded_amount) VALUES ?',
      [
        lines.map((line) => [
          TENANT,
          visitId,
          line.id,
          regular.id,
          line.productId,
          line.name,
          JSON.stringify(line.productGroupIds),
          line.quantity * 1000,
          line.amount,
          bill.lineDiscounts.get(line.id) ?? 0,
          0,
          0,
        ]),
      ],
    );
    await connection.query(
      `INSERT INTO rc_customer_totals (tenant_id, customer_id, spent, visits, points_earned, first_visit_at, last_visit_at) VALUES (?, ?, ?, 1, ?, ?, ?)
       ON DUPLICATE KEY UPDATE spent = spent + VALUES(spent), visits = visits + 1, points_earned = points_earned + VALUES(points_earned),
         second_visit_at = COALESCE(second_visit_at, VALUES(last_visit_at)), last_visit_at = VALUES(last_visit_at)`,
      [TENANT, regular.id, bill.net, bill.points, now, now],
    );
    const day = now.toISOString().slice(0, 10);
    await connection.query('INSERT INTO rc_daily_counters (tenant_id, customer_id, day, counter, value) VALUES ? ON DUPLICATE KEY UPDATE value = value + VALUES(value)', [
      [
        [TENANT, regular.id, day, 'bonus_spent:bonus', BONUS_PAID],
        [TENANT, regular.id, day, 'closed_tabs', 1],
      ],
    ]);
    await connection.query(
      `INSERT INTO rc_inbox (tenant_id, event_id, event_type, tab_id, tab_version, status, applied_key, effects, occurred_at, received_at)
       VALUES (?, ?, 'guest_tab.closed', ?, 2, 'applied', ?, ?, ?, ?)`,
      [TENANT, `${tabId}-v2`, tabId, `${tabId}|guest_tab.closed|2`, JSON.stringify(changes.map((c) => ({ kind: 'ledger_entry', id: c.entryId, accountId: c.accountId, amount: c.amount }))), now, now],
    );
    // A new row: its entry's id is known before the entry is written, so it need not wait for the accounts' lock.
    await connection.query('INSERT INTO rc_lots (tenant_id, id, account_id, entry_id, amount, remaining, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      TENANT,
      newId('lot', now),
      regular.pointsAccountId,
      accrualId,
      bill.points,
      bill.points,
      now,
    ]);
    await connection.query(
      `UPDATE rc_accounts a JOIN ${table.sql} c ON c.account_id = a.id
       SET a.total = a.total + c.amount, a.held = a.held + c.held_change, a.entry_count = a.entry_count + 1, a.updated_at = ? WHERE a.tenant_id = ?`,
      [...table.values, now, TENANT],
    );
    await connection.query(
      `INSERT INTO rc_ledger_entries (tenant_id, id, account_id, sequence, kind, amount, held_change, balance_after, held_after, customer_id, tab_id, visit_id, event_id, hold_id, idempotency_key, reason, actor_id, actor_name, created_at)
       SELECT a.tenant_id, c.entry_id, a.id, a.entry_count, c.kind, c.amount, c.held_change, a.total, a.held, ?, ?, ?, ?, c.hold_id, c.idempotency_key, 'tab closed', ?, ?, ?
       FROM rc_accounts a JOIN ${table.sql} c ON c.account_id = a.id WHERE a.tenant_id = ?`,
      [regular.id, tabId, visitId, `${tabId}-v2`, TILL.id, TILL.name ?? null, now, ...table.values, TENANT],
    );
    await connection.query('UPDATE rc_lots SET remaining = remaining - ? WHERE tenant_id = ? AND account_id = ? AND settled_at IS NULL AND remaining > 0 ORDER BY id LIMIT 1', [
      BONUS_PAID,
      TENANT,
      regular.bonusAccountId,
    ]);
    await connection.query(
      `INSERT INTO rc_outbox_events (tenant_id, id, type, version, occurred_at, customer_id, payload)
       SELECT a.tenant_id, c.event_id, c.event_type, 1, ?, ?, JSON_OBJECT('entryId', c.entry_id, 'accountId', a.id, 'customerId', ?, 'amount', ABS(c.amount), 'balanceAfter', a.total, 'tabId', ?)
       FROM rc_accounts a JOIN ${table.sql} c ON c.account_id = a.id WHERE a.tenant_id = ?
       UNION ALL SELECT ?, ?, 'visit.recorded', 1, ?, ?, ?`,
      [
        now,
        regular.id,
        regular.id,
        tabId,
        ...table.values,
        TENANT,
        TENANT,
        newId('ev', now),
        now,
        regular.id,
        JSON.stringify({ visitId, customerId: regular.id, tabId, closedAt: now.toISOString(), currency: 'EUR', gross: bill.gross, discount: bill.gross - bill.net, net: bill.net }),
      ],
    );
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
