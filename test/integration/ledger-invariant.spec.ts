import fc from 'fast-check';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service.js';
import { HoldsService } from '../../src/modules/accounts/holds.service.js';
import { LotExpiry } from '../../src/modules/accounts/lot-expiry-job.js';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { RegularsError } from '../../src/common/errors/regulars-error.js';
import { toExactInteger } from '../../src/common/money.js';
import { TEST_ENGINES } from '../support/databases.js';
import { createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { holdBonus } from '../support/restaurant.js';

type Operation =
  | { kind: 'credit' | 'debit' | 'accrue'; account: number; amount: number }
  | { kind: 'hold'; account: number; amount: number }
  | { kind: 'release' | 'capture'; hold: number; share: number }
  | { kind: 'reverse'; entry: number; share: number }
  | { kind: 'transfer'; from: number; to: number; amount: number }
  | { kind: 'reset'; account: number }
  | { kind: 'expire' };

/** Two guests, each with a wallet (never below zero) and company credit (down to −CREDIT_LIMIT). */
const ACCOUNTS = [
  { guest: 0, type: 'wallet' },
  { guest: 1, type: 'wallet' },
  { guest: 0, type: 'company' },
  { guest: 1, type: 'company' },
] as const;
const CREDIT_LIMIT = 500;
/**
 * The refusals each kind of random work may meet, by code: what the draw asked for was not
 * there to take, two accounts a transfer cannot join, or a hold another operation settled
 * meanwhile. Any other refusal or failure fails the run.
 */
const EXPECTED_REFUSALS: Record<Operation['kind'], string[]> = {
  credit: [],
  debit: ['insufficient_balance'],
  accrue: [],
  hold: ['insufficient_balance'],
  release: ['hold_captured'],
  capture: ['hold_released', 'hold_captured'],
  reverse: [],
  transfer: ['insufficient_balance', 'incompatible_accounts', 'same_account'],
  reset: [],
  expire: [],
};

/** Why an operation's outcome is not one the random work may have, or null when it is. */
function unexpected(op: Operation, outcome: PromiseSettledResult<unknown>): string | null {
  const allowed = EXPECTED_REFUSALS[op.kind];
  if (outcome.status === 'rejected') {
    const error = outcome.reason;
    return error instanceof RegularsError && allowed.includes(error.code) ? null : `threw ${error instanceof RegularsError ? error.code : String(error)}`;
  }
  // In-process calls answer what they did; HTTP calls answer a response.
  const answer = outcome.value as { status?: unknown; body?: { code?: string } } | undefined;
  if (typeof answer?.status !== 'number' || answer.status < 300) return null;
  return allowed.includes(answer.body?.code ?? '') ? null : `answered ${answer.status} ${JSON.stringify(answer.body)}`;
}
const account = fc.nat(ACCOUNTS.length - 1);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('credit' as const), account, amount: fc.integer({ min: 100, max: 1000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('debit' as const), account, amount: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('accrue' as const), account, amount: fc.integer({ min: 1, max: 500 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('hold' as const), account, amount: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('release' as const, 'capture' as const), hold: fc.nat(40), share: fc.integer({ min: 0, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), entry: fc.nat(40), share: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: account, to: account, amount: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), account }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
);

/**
 * Hundreds of random purse operations, many at once, then the ledger's invariants for
 * every account: the cached total is the sum of its entries, the cached held part is the
 * sum of its open holds and of the entries' held changes, the lots hold exactly the
 * positive balance, every spending entry left the account within what its type allows
 * (0, or minus the credit limit), and no entry is reversed beyond its amount. Reversals
 * are refunds: they take back what was given even when it was spent meanwhile, so they
 * alone may leave an account below its floor.
 */
describe.each(TEST_ENGINES)('the ledger under random concurrent work (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await actorCall(plugin.app, 'post', '/account-types', MANAGER, {
      code: 'wallet',
      name: 'Wallet',
      kind: 'bonus_money',
      unit: 'EUR',
      expiry: { kind: 'days_after_credit', days: 1 },
    }).expect(201);
    await actorCall(plugin.app, 'post', '/account-types', MANAGER, {
      code: 'company',
      name: 'Company credit',
      kind: 'corporate_credit',
      unit: 'EUR',
      allowNegative: true,
      creditLimit: CREDIT_LIMIT,
      expiry: { kind: 'days_after_credit', days: 1 },
    }).expect(201);
  });
  afterAll(() => plugin.close());

  it('keeps every account equal to its ledger', async () => {
    const holds = plugin.app.get(HoldsService);
    const purse = plugin.app.get(AccountsService);
    const expiry = plugin.app.get(LotExpiry);
    /** A service call as a flow makes it: inside a unit of work. */
    const inTransaction = <T>(work: () => Promise<T>) => plugin.app.get(UnitOfWork).transaction(work);
    let round = 0;
    await fc.assert(
      // Every run also moves a point between the two company accounts (always within their
      // credit), so that transfers are among the kinds checked below whatever the draw.
      fc.asyncProperty(fc.array(operation, { minLength: 60, maxLength: 90 }).map((drawn) => [...drawn, { kind: 'transfer' as const, from: 2, to: 3, amount: 1 }]), async (operations) => {
        round += 1;
        const guests = [(await createCustomer(plugin.app)).id, (await createCustomer(plugin.app)).id];
        const accounts: string[] = [];
        for (const { guest, type } of ACCOUNTS) {
          accounts.push((await actorCall(plugin.app, 'post', `/customers/${guests[guest]}/accounts`, MANAGER, { accountTypeCode: type }).expect(201)).body.id);
        }
        const held: string[] = [];
        /** Entries a refund could reverse, with what is left of each to reverse (taken before the call, so concurrent reversals never overlap). */
        const reversible: { id: string; left: number }[] = [];
        const run = async (op: Operation, i: number) => {
          const key = `inv-${engine}-${round}-${i}`;
          switch (op.kind) {
            case 'credit':
            case 'debit': {
              const answer = await actorCall(plugin.app, 'post', `/accounts/${accounts[op.account]}/entries`, MANAGER, {
                kind: op.kind === 'credit' ? 'manual_credit' : 'manual_debit',
                amount: op.amount,
                reason: 'random work',
              }, { 'idempotency-key': key });
              if (op.kind === 'debit' && answer.status === 201) reversible.push({ id: answer.body.id, left: op.amount });
              return answer;
            }
            case 'accrue': {
              const { guest, type } = ACCOUNTS[op.account];
              const entry = await inTransaction(() => purse.accrue({ tenantId: TENANT, actorId: 'random', customerId: guests[guest], tabId: `tab-${key}`, idempotencyKey: key }, type, op.amount));
              if (entry) reversible.push({ id: entry.id, left: entry.amount });
              return entry;
            }
            case 'reverse': {
              const original = reversible[op.entry % Math.max(1, reversible.length)];
              if (!original || original.left === 0) return;
              const take = Math.max(1, Math.floor((original.left * op.share) / 100));
              original.left -= take;
              return inTransaction(() => purse.reverse({ tenantId: TENANT, actorId: 'random', reason: 'refund', idempotencyKey: key }, original.id, take));
            }
            case 'hold': {
              const answer = await holdBonus(plugin.app, { tabId: `tab-${key}`, accountId: accounts[op.account], amount: op.amount, idempotencyKey: key }, { ...WAITER, terminalId: 't' });
              if (answer.status === 201) held.push(answer.body.holdId);
              return answer;
            }
            case 'release':
            case 'capture': {
              const holdId = held[op.hold % Math.max(1, held.length)];
              if (!holdId) return;
              const context = { tenantId: TENANT, actorId: 'random' };
              if (op.kind === 'release') return inTransaction(() => holds.release(context, holdId));
              const hold = await holds.find(TENANT, holdId);
              return inTransaction(() => holds.capture(context, holdId, Math.floor((hold!.amount * op.share) / 100)));
            }
            case 'transfer':
              return actorCall(plugin.app, 'post', `/accounts/${accounts[op.from]}/transfers`, MANAGER, { toAccountId: accounts[op.to], amount: op.amount, reason: 'random' }, { 'idempotency-key': key });
            case 'reset':
              return actorCall(plugin.app, 'post', `/accounts/${accounts[op.account]}/reset-holds`, MANAGER, { olderThanMinutes: 0, reason: 'random' }, { 'idempotency-key': key });
            case 'expire':
              // As if the nightly job ran days later; the clock itself stays, so signatures in flight stay valid.
              return expiry.expireAll(TENANT, new Date(plugin.clock.current.getTime() + 3 * 86_400_000));
          }
        };
        for (let start = 0; start < operations.length; start += 6) {
          const batch = operations.slice(start, start + 6);
          const outcomes = await Promise.allSettled(batch.map((op, k) => run(op, start + k)));
          const surprises = outcomes.flatMap((outcome, k) => {
            const why = unexpected(batch[k], outcome);
            return why ? [`${JSON.stringify(batch[k])} ${why}`] : [];
          });
          expect(surprises).toEqual([]);
        }

        for (const [index, id] of accounts.entries()) {
          const floor = ACCOUNTS[index].type === 'company' ? -CREDIT_LIMIT : 0;
          const [cached] = await dataSource.query('SELECT total, held FROM rc_accounts WHERE tenant_id = ? AND id = ?', [TENANT, id]);
          const [ledger] = await dataSource.query('SELECT COALESCE(SUM(amount), 0) AS total, COALESCE(SUM(held_change), 0) AS held FROM rc_ledger_entries WHERE tenant_id = ? AND account_id = ?', [TENANT, id]);
          const [open] = await dataSource.query(`SELECT COALESCE(SUM(amount), 0) AS held FROM rc_holds WHERE tenant_id = ? AND account_id = ? AND status = 'open'`, [TENANT, id]);
          const [lots] = await dataSource.query('SELECT COALESCE(SUM(remaining), 0) AS remaining FROM rc_lots WHERE tenant_id = ? AND account_id = ?', [TENANT, id]);
          const spending = await dataSource.query(
            `SELECT kind, balance_after AS total, held_after AS held FROM rc_ledger_entries WHERE tenant_id = ? AND account_id = ? AND kind IN ('manual_debit', 'transfer_out', 'hold')`,
            [TENANT, id],
          );
          const overReversed = await dataSource.query(
            `SELECT r.reverses_entry_id AS id FROM rc_ledger_entries r JOIN rc_ledger_entries o ON o.tenant_id = r.tenant_id AND o.id = r.reverses_entry_id
             WHERE r.tenant_id = ? AND r.account_id = ? GROUP BY r.reverses_entry_id, o.amount HAVING SUM(ABS(r.amount)) > ABS(o.amount)`,
            [TENANT, id],
          );
          const total = toExactInteger(cached.total);
          const heldNow = toExactInteger(cached.held);
          expect(total).toBe(toExactInteger(ledger.total));
          expect(heldNow).toBe(toExactInteger(ledger.held));
          expect(heldNow).toBe(toExactInteger(open.held));
          expect(toExactInteger(lots.remaining)).toBe(Math.max(0, total));
          const belowFloor = spending.filter((entry: { total: unknown; held: unknown }) => toExactInteger(entry.total) - toExactInteger(entry.held) < floor);
          expect(belowFloor).toEqual([]);
          expect(overReversed).toEqual([]);
        }
      }),
      { numRuns: 4 },
    );
    // The random work really did each kind of thing, and at once.
    const kinds = await dataSource.query('SELECT kind, COUNT(*) AS n FROM rc_ledger_entries WHERE tenant_id = ? GROUP BY kind', [TENANT]);
    const counted = Object.fromEntries(kinds.map((row: { kind: string; n: unknown }) => [row.kind, Number(row.n)]));
    for (const kind of ['manual_credit', 'manual_debit', 'accrual', 'reversal', 'hold', 'capture', 'release', 'transfer_in', 'transfer_out', 'expiry']) {
      expect({ kind, written: (counted[kind] ?? 0) > 0 }).toEqual({ kind, written: true });
    }
    const [{ owed }] = await dataSource.query(
      `SELECT COUNT(*) AS owed FROM rc_ledger_entries e JOIN rc_accounts a ON a.tenant_id = e.tenant_id AND a.id = e.account_id
       JOIN rc_account_types t ON t.tenant_id = a.tenant_id AND t.id = a.account_type_id
       WHERE e.tenant_id = ? AND t.code = 'company' AND e.kind IN ('manual_debit', 'transfer_out') AND e.balance_after < 0`,
      [TENANT],
    );
    expect(Number(owed)).toBeGreaterThan(0);
  }, 120_000);
});
