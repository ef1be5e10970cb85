import fc from 'fast-check';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HoldsService } from '../../src/modules/accounts/holds.service.js';
import { LotExpiry } from '../../src/modules/accounts/lot-expiry.service.js';
import { toExactInteger } from '../../src/common/money.js';
import { TEST_ENGINES } from '../support/databases.js';
import { createCustomer, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';

type Operation =
  | { kind: 'credit' | 'debit'; account: number; amount: number }
  | { kind: 'hold'; account: number; amount: number }
  | { kind: 'release' | 'capture'; hold: number; share: number }
  | { kind: 'transfer'; from: number; to: number; amount: number }
  | { kind: 'reset'; account: number }
  | { kind: 'expire' };

const ACCOUNTS = 3;
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('credit' as const), account: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 100, max: 1000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('debit' as const), account: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('hold' as const), account: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('release' as const, 'capture' as const), hold: fc.nat(40), share: fc.integer({ min: 0, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: fc.nat(ACCOUNTS - 1), to: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), account: fc.nat(ACCOUNTS - 1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
);

/**
 * Hundreds of random purse operations, many at once, then the ledger's invariants for
 * every account: the cached total is the sum of its entries, the cached held part is the
 * sum of its open holds and of the entries' held changes, the lots hold exactly the total,
 * and nothing is spent below what the type allows.
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
  });
  afterAll(() => plugin.close());

  it('keeps every account equal to its ledger', async () => {
    const holds = plugin.app.get(HoldsService);
    const expiry = plugin.app.get(LotExpiry);
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 60, maxLength: 90 }), async (operations) => {
        round += 1;
        const accounts: string[] = [];
        for (let i = 0; i < ACCOUNTS; i++) {
          const guest = await createCustomer(plugin.app);
          accounts.push((await actorCall(plugin.app, 'post', `/customers/${guest.id}/accounts`, MANAGER, { accountTypeCode: 'wallet' }).expect(201)).body.id);
        }
        const held: string[] = [];
        const run = async (op: Operation, i: number) => {
          switch (op.kind) {
            case 'credit':
            case 'debit':
              return actorCall(plugin.app, 'post', `/accounts/${accounts[op.account]}/entries`, MANAGER, {
                kind: op.kind === 'credit' ? 'manual_credit' : 'manual_debit',
                amount: op.amount,
                reason: 'random work',
              });
            case 'hold': {
              const answer = await actorCall(plugin.app, 'post', '/terminal/bonus-holds', { ...WAITER, terminalId: 't' }, {
                tabId: `tab-${round}-${i}`,
                accountId: accounts[op.account],
                amount: op.amount,
                idempotencyKey: `inv-${engine}-${round}-${i}`,
              });
              if (answer.status === 201) held.push(answer.body.holdId);
              return answer;
            }
            case 'release':
            case 'capture': {
              const holdId = held[op.hold % Math.max(1, held.length)];
              if (!holdId) return;
              const context = { tenantId: TENANT, actorId: 'random' };
              if (op.kind === 'release') return holds.release(context, holdId).catch(() => undefined);
              const hold = await holds.find(TENANT, holdId);
              return holds.capture(context, holdId, Math.floor((hold!.amount * op.share) / 100)).catch(() => undefined);
            }
            case 'transfer':
              return actorCall(plugin.app, 'post', `/accounts/${accounts[op.from]}/transfers`, MANAGER, { toAccountId: accounts[op.to], amount: op.amount, reason: 'random' });
            case 'reset':
              return actorCall(plugin.app, 'post', `/accounts/${accounts[op.account]}/reset-holds`, MANAGER, { olderThanMinutes: 0, reason: 'random' });
            case 'expire':
              // As if the nightly job ran days later; the clock itself stays, so signatures in flight stay valid.
              return expiry.expireAll(TENANT, new Date(plugin.clock.current.getTime() + 3 * 86_400_000));
          }
        };
        for (let start = 0; start < operations.length; start += 6) {
          await Promise.allSettled(operations.slice(start, start + 6).map((op, k) => run(op, start + k)));
        }

        for (const id of accounts) {
          const [cached] = await dataSource.query('SELECT total, held FROM rc_accounts WHERE tenant_id = ? AND id = ?', [TENANT, id]);
          const [ledger] = await dataSource.query('SELECT COALESCE(SUM(amount), 0) AS total, COALESCE(SUM(held_change), 0) AS held FROM rc_ledger_entries WHERE tenant_id = ? AND account_id = ?', [TENANT, id]);
          const [open] = await dataSource.query(`SELECT COALESCE(SUM(amount), 0) AS held FROM rc_holds WHERE tenant_id = ? AND account_id = ? AND status = 'open'`, [TENANT, id]);
          const [lots] = await dataSource.query('SELECT COALESCE(SUM(remaining), 0) AS remaining FROM rc_lots WHERE tenant_id = ? AND account_id = ?', [TENANT, id]);
          const total = toExactInteger(cached.total);
          const heldNow = toExactInteger(cached.held);
          expect(total).toBe(toExactInteger(ledger.total));
          expect(heldNow).toBe(toExactInteger(ledger.held));
          expect(heldNow).toBe(toExactInteger(open.held));
          expect(toExactInteger(lots.remaining)).toBe(total);
          expect(total - heldNow).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 4 },
    );
    // The random work really did each kind of thing, and at once.
    const kinds = await dataSource.query('SELECT kind, COUNT(*) AS n FROM rc_ledger_entries WHERE tenant_id = ? GROUP BY kind', [TENANT]);
    const counted = Object.fromEntries(kinds.map((row: { kind: string; n: unknown }) => [row.kind, Number(row.n)]));
    for (const kind of ['manual_credit', 'manual_debit', 'hold', 'capture', 'release', 'transfer_in', 'transfer_out', 'expiry']) {
      expect({ kind, written: (counted[kind] ?? 0) > 0 }).toEqual({ kind, written: true });
    }
  }, 120_000);
});
