import type mysql from 'mysql2/promise';

/**
 * A chain's guests written straight into the plugin's tables with MariaDB's sequence engine
 * (`seq_1_to_N`), for the benchmarks that need a tenant of a million: through the API that
 * would take days. Guest n's ids never meet the plugin's own, which have an underscore
 * after the prefix (`c_01JD…`).
 */

/** Rows per INSERT … SELECT: a statement that keeps the redo log and undo small. */
export const SEED_CHUNK = 500_000;

/** Guest n's id. */
export const seededCustomerId = (n: string) => `CONCAT('c', LPAD(${n}, 9, '0'))`;

/** Guest n's account (one per guest in every seeded tenant). */
export const seededAccountId = (n: string) => `CONCAT('a', LPAD(${n}, 9, '0'))`;

/** A moment as an SQL literal, so an expression built on it needs no placeholder of its own. */
export const sqlTime = (at: string) => `TIMESTAMP'${at}'`;

/** Calls `work` for guests 1…total in slices of at most `chunk`, each told its first number less one and its length. */
export async function inSlices(total: number, chunk: number, work: (from: number, count: number) => Promise<void>): Promise<void> {
  for (let from = 0; from < total; from += chunk) await work(from, Math.min(chunk, total - from));
}

/**
 * Guests from + 1 … from + count, joining at `joinedAt(n)` and in the tier `tierId(n)` (SQL
 * expressions of the guest's number `n`).
 */
export async function insertGuests(
  pool: mysql.Pool,
  tenantId: string,
  from: number,
  count: number,
  sql: { joinedAt: (n: string) => string; tierId?: (n: string) => string },
): Promise<void> {
  const n = `(s.seq + ${from})`;
  await pool.query(
    `INSERT INTO rc_customers (tenant_id, id, kind, status, first_name, last_name, search_name, preference_tags, marketing_consent, tier_id, created_at, created_by, updated_at, updated_by)
     SELECT ?, ${seededCustomerId(n)}, 'individual', 'active', 'Guest', CONCAT('No', ${n}), CONCAT('guest no', ${n}), '[]', 0, ${sql.tierId?.(n) ?? 'NULL'},
            ${sql.joinedAt(n)}, 'bench', ${sql.joinedAt(n)}, 'bench'
     FROM seq_1_to_${count} s`,
    [tenantId],
  );
}

/**
 * The totals the plugin keeps per guest (money spent, visits, points, first, second and last
 * visit) for guests from + 1 … from + count, summed from their closed visits. The second
 * visit is the earliest after the first, as the plugin counts it.
 */
export async function insertGuestTotals(pool: mysql.Pool, tenantId: string, from: number, count: number): Promise<void> {
  await pool.query(
    `INSERT INTO rc_customer_totals (tenant_id, customer_id, spent, visits, points_earned, first_visit_at, last_visit_at, second_visit_at)
     SELECT tenant_id, customer_id, SUM(net - refunded), COUNT(*), SUM(points_earned), MIN(closed_at), MAX(closed_at), MIN(IF(nth = 2, closed_at, NULL))
     FROM (SELECT tenant_id, customer_id, net, refunded, points_earned, closed_at, DENSE_RANK() OVER (PARTITION BY customer_id ORDER BY closed_at) AS nth FROM rc_visits
           WHERE tenant_id = ? AND customer_id BETWEEN ${seededCustomerId(String(from + 1))} AND ${seededCustomerId(String(from + count))}) v
     GROUP BY tenant_id, customer_id`,
    [tenantId],
  );
}
