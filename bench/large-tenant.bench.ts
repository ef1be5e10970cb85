import mysql from 'mysql2/promise';
import { addDays } from '../src/common/calendar.js';
import { closeRound, dinnerTab, managerAt, openRestaurant, SECRET, TENANT, type BenchRestaurant } from './close.bench.js';
import { benchDatabase, MARIADB_SERVER_URL, withBufferPool } from './support/environment.js';
import { barcode, loadRound, measureInTurn, roundLength, signedPost, waiterAt, type LoadSummary, type RoundLength } from './support/load.js';
import type { BenchResult, FurtherReference } from './support/result.js';
import { inSlices, insertGuests, insertGuestTotals, seededAccountId, seededCustomerId, sqlTime } from './support/seeded-guests.js';
import { summarise, type Summary } from './support/stats.js';

export interface LargeTenantParams extends RoundLength {
  /** Guests seeded into the large tenant beside the benchmark's regulars, each with ten ledger entries and five visits. */
  customers: number;
  /** The benchmark's own regulars, enrolled over the API in both tenants: their cards are presented and their tabs priced and closed. */
  regulars: number;
  /** Requests in flight for identify and evaluate, as the identify benchmark loads them. */
  connections: number;
  /** Tabs closing at once, as the close benchmark closes them. */
  parallelism: number;
  warmups: number;
  repeats: number;
  /** The InnoDB buffer pool of a server holding a chain, raised for the run and put back after. */
  bufferPoolMiB: number;
}

/** A chain: 1,000,000 guests, 10,000,000 ledger entries, 5,000,000 visits. */
export const LARGE_TENANT_DEFAULTS: LargeTenantParams = {
  customers: 1_000_000,
  regulars: 300,
  connections: 50,
  parallelism: 8,
  durationMs: 5_000,
  warmups: 1,
  repeats: 5,
  bufferPoolMiB: 8192,
};

/** A call may cost at most this many times more in the chain's tenant than in a new one. */
const TARGET_TIMES_SMALL = 1.2;
/** Guests per slice of statements: ten entries each, half a million rows a statement at most. */
const GUESTS_PER_SLICE = 50_000;
/** The restaurant's points expire this long after they are credited, in both tenants. */
const POINTS_EXPIRY_DAYS = 365;
/** The seeded history spans the two years before today. */
const HISTORY_DAYS = 730;
const BIRTHDAY_POINTS = 500;

interface HistoryStep {
  kind: 'accrual' | 'expiry' | 'manual_credit';
  /** The visit accrued, or whose accrued points expire. */
  visit: number | null;
  /** Days into the history (a guest's own offset of up to two months added). */
  day: number;
}

/**
 * A seeded guest's two years in the order the ledger numbers them: five dinners, each
 * accruing points; the first three dinners' points expiring a year later; two birthday
 * credits. Ten entries and seven lots, three of them spent by expiry and four still open.
 */
const HISTORY: HistoryStep[] = [
  { kind: 'accrual', visit: 1, day: 0 },
  { kind: 'accrual', visit: 2, day: 150 },
  { kind: 'accrual', visit: 3, day: 300 },
  { kind: 'expiry', visit: 1, day: 0 + POINTS_EXPIRY_DAYS },
  { kind: 'manual_credit', visit: null, day: 400 },
  { kind: 'accrual', visit: 4, day: 450 },
  { kind: 'expiry', visit: 2, day: 150 + POINTS_EXPIRY_DAYS },
  { kind: 'accrual', visit: 5, day: 600 },
  { kind: 'expiry', visit: 3, day: 300 + POINTS_EXPIRY_DAYS },
  { kind: 'manual_credit', visit: null, day: 670 },
];
const VISITS_PER_GUEST = HISTORY.filter((step) => step.kind === 'accrual').length;

/** One tenant's figures for the three calls at the till. */
interface TillFigures {
  identify: LoadSummary;
  evaluate: LoadSummary;
  closes: Summary;
  closeMismatches: number;
}

/** A tenant of the benchmark: its database, the host on it with the regulars enrolled, and how long its history took to seed. */
interface Tenant {
  restaurant: BenchRestaurant;
  seedSeconds: number;
  drop(): Promise<void>;
}

/**
 * Issue 20, "cost does not grow with the tenant": identify, evaluate and close of the
 * benchmark's regulars in a new tenant, and the same in a tenant that also holds a
 * chain's two years (N guests with cards, 10·N ledger entries with their lots, 5·N closed
 * visits with lines and the guests' totals, seeded in SQL). The new tenant is opened
 * first, then the chain's; their rounds then alternate, so that a slow spell of the shared
 * machine falls on both alike. Each call's cost in the chain beside its cost in the new tenant.
 */
export async function largeTenantBenchmark(params: LargeTenantParams = LARGE_TENANT_DEFAULTS): Promise<BenchResult> {
  const server = mysql.createPool({ uri: MARIADB_SERVER_URL, connectionLimit: 1 });
  const tenants: Tenant[] = [];
  try {
    return await withBufferPool(server, params.bufferPoolMiB, async (bufferPoolMiB) => {
      tenants.push(await openTenant(params, 0));
      tenants.push(await openTenant(params, params.customers));
      const [small, large] = await measureTenantsInTurn(tenants.map(({ restaurant }) => restaurant), params);
      return result(params, small, large, tenants[1].seedSeconds, bufferPoolMiB);
    });
  } finally {
    for (const tenant of tenants) await tenant.drop();
    await server.end();
  }
}

/** The large tenant's cost of a call as a share of the small one's: the inverse of their throughputs. */
function costPercent(small: Summary, large: Summary): number {
  return (small.median / large.median) * 100;
}

function result(params: LargeTenantParams, small: TillFigures, large: TillFigures, seedSeconds: number, bufferPoolMiB: number): BenchResult {
  const target = `cost ≤ ${TARGET_TIMES_SMALL}× the new tenant's (throughput ≥ ${Math.round(100 / TARGET_TIMES_SMALL)}% of it)`;
  const further = (name: string, smallFigure: Summary, largeFigure: Summary, unit: string, what: string): FurtherReference => {
    const ratioPercent = costPercent(smallFigure, largeFigure);
    return { ...smallFigure, name, unit, what, ratioPercent, target, met: ratioPercent <= TARGET_TIMES_SMALL * 100 };
  };
  const evaluate = further('evaluate, new tenant', small.evaluate.requestsPerSecond, large.evaluate.requestsPerSecond, 'requests/s', 'POST /terminal/evaluate of the dinner tab with the regular’s card on it, in the new tenant');
  const close = further('close, new tenant', small.closes, large.closes, 'tabs/s', 'guest_tab.closed through GuestTabHooks.handle, in the new tenant');
  const identifyPercent = costPercent(small.identify.requestsPerSecond, large.identify.requestsPerSecond);
  const failures = [small, large].reduce((sum, till) => sum + till.identify.non2xx + till.identify.errors + till.evaluate.non2xx + till.evaluate.errors, 0);
  const mismatches = small.closeMismatches + large.closeMismatches;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    name: 'large tenant',
    what:
      `identify, evaluate and close of ${params.regulars} regulars in a tenant that also holds ${params.customers.toLocaleString('en')} guests with cards, ` +
      `${(params.customers * HISTORY.length).toLocaleString('en')} ledger entries and ${(params.customers * VISITS_PER_GUEST).toLocaleString('en')} closed visits, ` +
      `beside the same in a new tenant; ${params.connections} connections, ${roundLength(params)} a round; closes ${params.parallelism} at once`,
    figure: { ...large.identify.requestsPerSecond, unit: 'requests/s' },
    reference: { ...small.identify.requestsPerSecond, unit: 'requests/s', what: 'POST /terminal/identify of the same card in the new tenant' },
    ratioPercent: identifyPercent,
    target: `${target}, each call; every answer 2xx, 0 mismatches`,
    met: identifyPercent <= TARGET_TIMES_SMALL * 100 && evaluate.met && close.met && failures === 0 && mismatches === 0,
    furtherReferences: [evaluate, close],
    details: {
      identifyP99Ms: large.identify.p99Ms.median,
      identifyP99MsNewTenant: small.identify.p99Ms.median,
      evaluateRps: round(large.evaluate.requestsPerSecond.median),
      evaluateSpread: round(large.evaluate.requestsPerSecond.spreadPercent),
      evaluateP99Ms: large.evaluate.p99Ms.median,
      evaluateP99MsNewTenant: small.evaluate.p99Ms.median,
      closeTabsPerSecond: round(large.closes.median),
      closeSpread: round(large.closes.spreadPercent),
      failures,
      mismatches,
      seedSeconds: Math.round(seedSeconds),
      bufferPoolMiB,
    },
  };
}

/** A fresh database with the host on it and the regulars enrolled, then `customers` guests of history seeded when there are any. */
async function openTenant(params: LargeTenantParams, customers: number): Promise<Tenant> {
  const database = await benchDatabase();
  const restaurant = await openRestaurant(database.url, { count: params.regulars, rounds: params.warmups + params.repeats, parallelism: params.parallelism });
  const drop = async () => {
    await restaurant.close();
    await database.drop();
  };
  try {
    const pointsTypeId = await expirePoints(restaurant);
    const started = process.hrtime.bigint();
    if (customers > 0) await seedHistory(restaurant.pool, customers, pointsTypeId);
    return { restaurant, seedSeconds: Number(process.hrtime.bigint() - started) / 1e9, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** The three calls in each tenant, identify and evaluate under load round by round in turn, then the closes round by round in turn. */
async function measureTenantsInTurn(restaurants: BenchRestaurant[], params: LargeTenantParams): Promise<TillFigures[]> {
  const till = waiterAt(TENANT, 'pos-1');
  const load = (restaurant: BenchRestaurant, path: string, payload: object) => () =>
    loadRound({ baseUrl: restaurant.baseUrl, requests: () => [signedPost(SECRET, till, path, payload)], connections: params.connections, length: params });
  const identify = restaurants.map((restaurant) => load(restaurant, '/terminal/identify', barcode(restaurant.regulars[0].card)));
  const evaluate = restaurants.map((restaurant) => load(restaurant, '/terminal/evaluate', { tab: dinnerTab('tab-evaluated', 1, restaurant.regulars[0]) }));
  const calls = await measureInTurn([...identify, ...evaluate], params);
  const rounds = restaurants.map(() => ({ tabsPerSecond: [] as number[], mismatches: 0 }));
  for (let i = 0; i < params.warmups + params.repeats; i++) {
    for (const [k, restaurant] of restaurants.entries()) {
      const round = await closeRound(restaurant, params.parallelism);
      if (i >= params.warmups) rounds[k].tabsPerSecond.push(round.tabsPerSecond);
      rounds[k].mismatches += round.mismatches;
    }
  }
  return restaurants.map((_, k) => ({ identify: calls[k], evaluate: calls[restaurants.length + k], closes: summarise(rounds[k].tabsPerSecond), closeMismatches: rounds[k].mismatches }));
}

/** The restaurant's points made to expire a year after they are credited, so every credit's lot carries a date. */
async function expirePoints(restaurant: BenchRestaurant): Promise<string> {
  const [rows] = (await restaurant.pool.query("SELECT id FROM rc_account_types WHERE tenant_id = ? AND code = 'points'", [TENANT])) as unknown as [{ id: string }[]];
  const pointsTypeId = rows[0].id;
  await managerAt(restaurant.baseUrl, 'PATCH')(`/account-types/${pointsTypeId}`, { expiry: { kind: 'days_after_credit', days: POINTS_EXPIRY_DAYS } });
  return pointsTypeId;
}

/**
 * A chain's two years written into the tenant with set-based statements, slice by slice of
 * guests: each guest in REGULARS with a barcode card, five closed dinners of two lines
 * each, the ledger of HISTORY on a points account (running balances, a lot per credit,
 * expired lots settled by their expiry entry, the account's total and count from its
 * entries), and the guest's totals.
 */
async function seedHistory(pool: mysql.Pool, customers: number, pointsTypeId: string): Promise<void> {
  const [categories] = (await pool.query("SELECT id FROM rc_promotion_categories WHERE tenant_id = ? AND code = 'REGULARS'", [TENANT])) as unknown as [{ id: string }[]];
  const start = sqlTime(`${addDays(new Date().toISOString().slice(0, 10), -HISTORY_DAYS)} 00:00:00`);
  // Each guest's history shifted by up to two months and a pseudo-random second of the day.
  const at = (n: string, day: string) => `(${start} + INTERVAL (${day} + ${n} % 60) DAY + INTERVAL ((${n} * 7919) % 86400) SECOND)`;
  const joined = (n: string) => `(${at(n, '0')} - INTERVAL 2 HOUR)`;
  const gross = (n: string, visit: string) => `(1000 + (${n} * 7919 + ${visit} * 104729) % 9000)`;
  const points = (n: string, visit: string) => `FLOOR(${gross(n, visit)} / 10)`;
  const padded = (n: string) => `LPAD(${n}, 9, '0')`;
  const visitId = (n: string, visit: string) => `CONCAT('v', ${padded(n)}, ${visit})`;
  const tabId = (n: string, visit: string) => `CONCAT('tab-h', ${padded(n)}, '-', ${visit})`;
  const lotId = (n: string, step: string) => `CONCAT('lot', ${padded(n)}, LPAD(${step}, 2, '0'))`;
  const accrualStep = (visit: number | null) => HISTORY.findIndex((step) => step.kind === 'accrual' && step.visit === visit) + 1;
  const steps = HISTORY.map(
    (step, i) => `SELECT ${i + 1} AS k, '${step.kind}' AS kind, ${step.visit ?? 'NULL'} AS visit, ${step.kind === 'expiry' ? accrualStep(step.visit) : 'NULL'} AS lot_step, ${step.day} AS offset_days`,
  ).join(' UNION ALL ');
  const dinners = `(SELECT visit, offset_days FROM (${steps}) st WHERE kind = 'accrual')`;

  await inSlices(customers, GUESTS_PER_SLICE, async (from, count) => {
    const guests = `(SELECT s.seq + ${from} AS n FROM seq_1_to_${count} s)`;
    const guestsDinners = `(SELECT n, visit, ${at('n', 'offset_days')} AS closed, ${gross('n', 'visit')} AS gross FROM ${guests} g JOIN ${dinners} d)`;
    const entryRange = [`le${String(from + 1).padStart(9, '0')}01`, `le${String(from + count).padStart(9, '0')}${String(HISTORY.length).padStart(2, '0')}`];
    await insertGuests(pool, TENANT, from, count, { joinedAt: joined });
    await pool.query(
      `INSERT INTO rc_identifiers (tenant_id, id, type, value, entry_method, status, active_key, customer_id, bound_at, bound_by, created_at, created_by, updated_at)
       SELECT ?, CONCAT('i', ${padded('n')}), 'barcode_card', card, 'scan', 'active', CONCAT('barcode_card|', card), ${seededCustomerId('n')}, joined, 'bench', joined, 'bench', joined
       FROM (SELECT n, CONCAT('29', LPAD(n, 11, '0')) AS card, ${joined('n')} AS joined FROM ${guests} g) cards`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO rc_customer_categories (tenant_id, id, customer_id, category_id, valid_from, valid_to, created_at, created_by)
       SELECT ?, CONCAT('cc', ${padded('n')}), ${seededCustomerId('n')}, ?, NULL, NULL, ${joined('n')}, 'bench' FROM ${guests} g`,
      [TENANT, categories[0].id],
    );
    await pool.query(
      `INSERT INTO rc_visits (tenant_id, id, customer_id, tab_id, status, currency, location_id, division_id, table_id, waiter_id, guest_count, started_at, closed_at,
                              gross, discount, net, tax, service_charge, bonus_paid, earned, spent, points_earned, discounts, refunded, updated_at)
       SELECT ?, ${visitId('n', 'visit')}, ${seededCustomerId('n')}, ${tabId('n', 'visit')}, 'closed', 'EUR', 'cafe-7', 'hall-2', 't-14', 'u-17', 2, closed - INTERVAL 90 MINUTE, closed,
              gross, 0, gross, FLOOR(gross / 6), 0, 0, CONCAT('{"points":', FLOOR(gross / 10), '}'), '{}', FLOOR(gross / 10), '[]', 0, closed
       FROM ${guestsDinners} v`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO rc_visit_lines (tenant_id, visit_id, line_id, customer_id, product_id, name, product_group_ids, quantity_milli, amount, discount, refunded_milli, refunded_amount)
       SELECT ?, ${visitId('n', 'visit')}, CONCAT('l-', line), ${seededCustomerId('n')}, product_id, name, product_group_ids, 1000,
              CASE line WHEN 1 THEN FLOOR(gross * 2 / 5) ELSE gross - FLOOR(gross * 2 / 5) END, 0, 0, 0
       FROM ${guestsDinners} v
       JOIN (SELECT 1 AS line, 'p-88' AS product_id, 'Cabernet Sauvignon 0.15' AS name, '["wine","drinks"]' AS product_group_ids UNION ALL SELECT 2, 'p-12', 'Risotto', '["food"]') dish`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO rc_ledger_entries (tenant_id, id, account_id, sequence, kind, amount, held_change, balance_after, held_after, customer_id, tab_id, visit_id, expired_lot_id,
                                      idempotency_key, reason, actor_id, created_at)
       SELECT ?, CONCAT('le', ${padded('n')}, LPAD(k, 2, '0')), ${seededAccountId('n')}, k, kind, amount, 0, SUM(amount) OVER (PARTITION BY n ORDER BY k), 0, ${seededCustomerId('n')},
              IF(kind = 'accrual', ${tabId('n', 'visit')}, NULL), IF(kind = 'accrual', ${visitId('n', 'visit')}, NULL), IF(kind = 'expiry', ${lotId('n', 'lot_step')}, NULL),
              IF(kind = 'accrual', CONCAT('accrual:', ${tabId('n', 'visit')}, ':points'), NULL),
              CASE kind WHEN 'accrual' THEN 'tab closed' WHEN 'expiry' THEN 'points expired' ELSE 'Birthday points' END, IF(kind = 'manual_credit', 'bench', NULL), ${at('n', 'offset_days')}
       FROM (SELECT n, k, kind, visit, lot_step, offset_days, CASE kind WHEN 'accrual' THEN ${points('n', 'visit')} WHEN 'expiry' THEN -${points('n', 'visit')} ELSE ${BIRTHDAY_POINTS} END AS amount
             FROM ${guests} g JOIN (${steps}) st) entries`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO rc_lots (tenant_id, id, account_id, entry_id, amount, remaining, expires_at, created_at, settled_at)
       SELECT e.tenant_id, CONCAT('lot', SUBSTR(e.id, 3)), e.account_id, e.id, e.amount, IF(x.id IS NULL, e.amount, 0), e.created_at + INTERVAL ${POINTS_EXPIRY_DAYS} DAY, e.created_at, x.created_at
       FROM rc_ledger_entries e LEFT JOIN rc_ledger_entries x ON x.tenant_id = e.tenant_id AND x.expired_lot_id = CONCAT('lot', SUBSTR(e.id, 3))
       WHERE e.tenant_id = ? AND e.id BETWEEN ? AND ? AND e.amount > 0`,
      [TENANT, ...entryRange],
    );
    await pool.query(
      `INSERT INTO rc_accounts (tenant_id, id, holder_type, holder_id, account_type_id, status, total, held, entry_count, created_at, updated_at)
       SELECT tenant_id, account_id, 'customer', customer_id, ?, 'open', SUM(amount), 0, COUNT(*), MIN(created_at), MAX(created_at)
       FROM rc_ledger_entries WHERE tenant_id = ? AND id BETWEEN ? AND ? GROUP BY tenant_id, account_id, customer_id`,
      [pointsTypeId, TENANT, ...entryRange],
    );
    await insertGuestTotals(pool, TENANT, from, count);
  });
  await pool.query('ANALYZE TABLE rc_customers, rc_identifiers, rc_customer_categories, rc_visits, rc_visit_lines, rc_ledger_entries, rc_lots, rc_accounts, rc_customer_totals');
}
