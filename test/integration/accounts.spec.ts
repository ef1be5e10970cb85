import { setTimeout as sleep } from 'node:timers/promises';
import { getDataSourceToken } from '@nestjs/typeorm';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service.js';
import { HoldsService } from '../../src/modules/accounts/holds.service.js';
import { LotExpiry } from '../../src/modules/accounts/lot-expiry-job.js';
import { UnitOfWork } from '../../src/common/database/unit-of-work.js';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { bindCard, card, createCustomer, identify, MANAGER, WAITER } from '../support/factories.js';
import { actorCall, freshKey, OTHER_TENANT, postEvent, startPlugin, startSecondInstance, TENANT, type ActorOverrides, type TestPlugin } from '../support/plugin.js';

import { holdBonus, seatGuest } from '../support/restaurant.js';
const TILL: ActorOverrides = { ...WAITER, terminalId: 'pos-acc' };
const DAY = 86_400_000;
/** "Now" for every test: each test that moves the clock gets it back afterwards. */
const NOON = new Date('2026-11-18T12:00:00Z');

describe.each(TEST_ENGINES)('the client purse (%s)', (engine) => {
  let plugin: TestPlugin;
  let dataSource: DataSource;
  const manage = (method: 'get' | 'post' | 'patch', path: string, body?: object, actor: ActorOverrides = MANAGER, headers: Record<string, string> = freshKey()) =>
    actorCall(plugin.app, method, path, actor, body, headers);
  const hold = (body: { tabId: string; accountId: string; [field: string]: unknown }) => holdBonus(plugin.app, body, TILL);
  /** A service call as a flow makes it: inside a unit of work. */
  const inTransaction = <T>(work: () => Promise<T>) => plugin.app.get(UnitOfWork).transaction(work);
  const balance = async (accountId: string) => (await manage('get', `/accounts/${accountId}`).expect(200)).body as { total: number; held: number; available: number };

  /** A customer with an open account of the type, credited by a manager. */
  async function guestWith(typeCode: string, credit = 0, fields: Record<string, unknown> = {}) {
    const guest = await createCustomer(plugin.app, fields);
    const account = (await manage('post', `/customers/${guest.id}/accounts`, { accountTypeCode: typeCode }).expect(201)).body;
    if (credit > 0) await manage('post', `/accounts/${account.id}/entries`, { kind: 'manual_credit', amount: credit, reason: 'Opening balance' }).expect(201);
    return { guest, accountId: account.id as string };
  }

  beforeAll(async () => {
    plugin = await startPlugin(engine, { timeZone: 'Europe/Stockholm', holdTtlSeconds: 600 });
    plugin.clock.current = NOON;
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await manage('post', '/account-types', { code: 'points', name: 'Points', kind: 'points', unit: 'points', expiry: { kind: 'days_after_credit', days: 30 } }).expect(201);
    await manage('post', '/account-types', { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR', dailySpendLimit: 5000 }).expect(201);
    await manage('post', '/account-types', { code: 'corporate', name: 'Company credit', kind: 'corporate_credit', unit: 'EUR', allowNegative: true, creditLimit: 50_000 }).expect(201);
  });
  afterAll(() => plugin.close());
  afterEach(() => {
    plugin.clock.current = NOON;
  });

  describe('manual credits and debits', () => {
    it('keeps the history with reasons, credits and debits marked, and refuses to overdraw', async () => {
      const { accountId } = await guestWith('points');
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_credit', amount: 1000, reason: 'Apology for the wait' }).expect(201);
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_debit', amount: 300, reason: 'Correction of a double accrual' }).expect(201);
      const refused = await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_debit', amount: 701, reason: 'Too much' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'insufficient_balance', available: 700, requested: 701 });
      expect((await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_credit', amount: 5 }).expect(400)).body.code).toBe('invalid_input');

      expect(await balance(accountId)).toMatchObject({ total: 700, held: 0, available: 700 });
      const history = (await manage('get', `/accounts/${accountId}/entries`).expect(200)).body.items;
      expect(history.map((e: { kind: string; direction: string; amount: number; balanceAfter: number; reason: string }) => [e.kind, e.direction, e.amount, e.balanceAfter, e.reason])).toEqual([
        ['manual_debit', 'debit', -300, 700, 'Correction of a double accrual'],
        ['manual_credit', 'credit', 1000, 1000, 'Apology for the wait'],
      ]);
      const debits = (await manage('get', `/accounts/${accountId}/entries?kind=manual_debit`).expect(200)).body.items;
      expect(debits).toHaveLength(1);
      expect((await manage('get', `/accounts/${accountId}/entries?to=2026-01-01T00:00:00Z`).expect(200)).body.items).toEqual([]);
      const page = (await manage('get', `/accounts/${accountId}/entries?limit=1`).expect(200)).body;
      const next = (await manage('get', `/accounts/${accountId}/entries?limit=1&cursor=${page.nextCursor}`).expect(200)).body;
      expect([page.items[0].kind, next.items[0].kind, next.nextCursor]).toEqual(['manual_debit', 'manual_credit', null]);
    });

    it('reads a balance above 2^31 minor units back exactly', async () => {
      const { accountId } = await guestWith('bonus', 3_000_000_000);
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_credit', amount: 2_147_483_647, reason: 'Large deposit' }).expect(201);
      expect(await balance(accountId)).toMatchObject({ total: 5_147_483_647, available: 5_147_483_647 });
    });

    it('lets a credit account go below zero down to its limit', async () => {
      const { accountId } = await guestWith('corporate');
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_debit', amount: 50_000, reason: 'Company lunch' }).expect(201);
      expect((await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_debit', amount: 1, reason: 'One cent too far' }).expect(409)).body.code).toBe('insufficient_balance');
      expect(await balance(accountId)).toMatchObject({ total: -50_000, available: -50_000 });
    });

    it('refuses the key of a credit again with another amount or another account, writing nothing', async () => {
      const { accountId } = await guestWith('points');
      const other = await guestWith('points');
      const key = { 'idempotency-key': `apology-${accountId}` };
      const first = await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_credit', amount: 300, reason: 'Apology' }, MANAGER, key).expect(201);
      const otherAmount = await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_credit', amount: 3000, reason: 'Apology' }, MANAGER, key).expect(422);
      expect(otherAmount.body.code).toBe('idempotency_key_reused');
      const otherAccount = await manage('post', `/accounts/${other.accountId}/entries`, { kind: 'manual_credit', amount: 300, reason: 'Apology' }, MANAGER, key).expect(422);
      expect(otherAccount.body.code).toBe('idempotency_key_reused');

      expect(await balance(accountId)).toMatchObject({ total: 300 });
      expect(await balance(other.accountId)).toMatchObject({ total: 0 });
      expect((await manage('get', `/accounts/${accountId}/entries`).expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([first.body.id]);
      expect((await manage('get', `/accounts/${other.accountId}/entries`).expect(200)).body.items).toEqual([]);
    });

    it('writes a retried credit once, even when the retries come together', async () => {
      const { accountId } = await guestWith('points');
      const body = { kind: 'manual_credit', amount: 250, reason: 'Birthday gift' };
      const answers = await Promise.all(Array.from({ length: 4 }, () => manage('post', `/accounts/${accountId}/entries`, body, MANAGER, { 'idempotency-key': `gift-${accountId}` })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect((await balance(accountId)).total).toBe(250);
    });

    it('refuses a waiter without accounts.adjust, and another tenant’s account as unknown', async () => {
      const { accountId } = await guestWith('points', 100);
      expect((await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_credit', amount: 1, reason: 'Nice try' }, WAITER).expect(403)).body.code).toBe('forbidden');
      expect((await manage('get', `/accounts/${accountId}`, undefined, { ...MANAGER, tenantId: OTHER_TENANT }).expect(404)).body.code).toBe('not_found');
    });
  });

  describe('bonus holds at the till', () => {
    it('holds, answers a retry with the same hold, refuses the key with another amount, and releases', async () => {
      const { accountId } = await guestWith('bonus', 1000);
      const first = await hold({ tabId: 'tab-h1', accountId, amount: 300, idempotencyKey: 'pos-1:tab-h1:1' }).expect(201);
      expect(first.body).toMatchObject({ holdId: expect.stringMatching(/^h_/), amount: 300, status: 'open', expiresAt: '2026-11-18T12:10:00.000Z' });
      expect(await balance(accountId)).toMatchObject({ total: 1000, held: 300, available: 700 });
      expect((await hold({ tabId: 'tab-h1', accountId, amount: 300, idempotencyKey: 'pos-1:tab-h1:1' }).expect(201)).body).toEqual(first.body);
      const reused = await hold({ tabId: 'tab-h1', accountId, amount: 400, idempotencyKey: 'pos-1:tab-h1:1' }).expect(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      expect(await balance(accountId)).toMatchObject({ held: 300 });

      await actorCall(plugin.app, 'delete', `/terminal/bonus-holds/${first.body.holdId}`, TILL).expect(204);
      await actorCall(plugin.app, 'delete', `/terminal/bonus-holds/${first.body.holdId}`, TILL).expect(204);
      expect(await balance(accountId)).toMatchObject({ total: 1000, held: 0, available: 1000 });
      expect((await hold({ tabId: 'tab-h1', accountId, amount: 1001, idempotencyKey: 'pos-1:tab-h1:2' }).expect(409)).body.code).toBe('insufficient_balance');
    });

    it('makes one hold of the same key sent four times at once, answering each with it', async () => {
      const { accountId } = await guestWith('bonus', 1000);
      const body = { tabId: 'tab-twice', accountId, amount: 250, idempotencyKey: `pos-1:tab-twice:${engine}` };
      const answers = await Promise.all(Array.from({ length: 4 }, () => hold(body)));
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
      expect(answers.map((answer) => answer.body)).toEqual(Array(4).fill(answers[0].body));
      expect(await balance(accountId)).toMatchObject({ total: 1000, held: 250, available: 750 });
      const [{ holds }] = await dataSource.query('SELECT COUNT(*) AS holds FROM rc_holds WHERE tenant_id = ? AND account_id = ?', [TENANT, accountId]);
      expect(Number(holds)).toBe(1);
    });

    it('answers a key sent again after the plugin restarted with the first hold', async () => {
      const { accountId } = await guestWith('bonus', 1000);
      const body = { tabId: 'tab-restart', accountId, amount: 400, idempotencyKey: `pos-1:tab-restart:${engine}` };
      const first = (await hold(body).expect(201)).body;
      const restarted = await startSecondInstance(plugin, { timeZone: 'Europe/Stockholm', holdTtlSeconds: 600 });
      try {
        const again = await actorCall(restarted, 'post', '/terminal/bonus-holds', TILL, body).expect(201);
        expect(again.body).toEqual(first);
        expect((await actorCall(restarted, 'post', '/terminal/bonus-holds', TILL, { ...body, amount: 401 }).expect(422)).body.code).toBe('idempotency_key_reused');
      } finally {
        await restarted.close();
      }
      expect(await balance(accountId)).toMatchObject({ held: 400, available: 600 });
    });

    it('captures part of a hold and releases the rest; refuses a bigger capture, or a capture after release', async () => {
      const holds = plugin.app.get(HoldsService);
      const context = { tenantId: TENANT, actorId: 'closing' };
      const { accountId } = await guestWith('bonus', 1000);
      const held = (await hold({ tabId: 'tab-cap', accountId, amount: 400, idempotencyKey: 'cap-1' }).expect(201)).body;
      await expect(inTransaction(() => holds.capture(context, held.holdId, 401))).rejects.toMatchObject({ code: 'capture_exceeds_hold', status: 409 });
      expect(await inTransaction(() => holds.capture(context, held.holdId, 250))).toMatchObject({ captured: 250, released: 150 });
      expect(await inTransaction(() => holds.capture(context, held.holdId, 250))).toMatchObject({ captured: 250, released: 150 });
      expect(await balance(accountId)).toMatchObject({ total: 750, held: 0, available: 750 });
      expect((await actorCall(plugin.app, 'delete', `/terminal/bonus-holds/${held.holdId}`, TILL).expect(409)).body.code).toBe('hold_captured');

      const released = (await hold({ tabId: 'tab-cap', accountId, amount: 100, idempotencyKey: 'cap-2' }).expect(201)).body;
      await actorCall(plugin.app, 'delete', `/terminal/bonus-holds/${released.holdId}`, TILL).expect(204);
      await expect(inTransaction(() => holds.capture(context, released.holdId, 100))).rejects.toMatchObject({ code: 'hold_released' });
    });

    it('resolves a capture and a release racing on one hold to exactly one of them', async () => {
      const holds = plugin.app.get(HoldsService);
      const { accountId } = await guestWith('bonus', 10_000);
      const winners = new Set<string>();
      // Eight rounds at least, and on until each side has won one: a race only one side ever
      // wins tests only one order.
      for (let round = 0; round < 40 && (round < 8 || winners.size < 2); round++) {
        const held = (await hold({ tabId: `tab-race-${round}`, accountId, amount: 100, idempotencyKey: `race-${engine}-${round}` }).expect(201)).body;
        // Both leave together at first; then each in turn gives the other a growing head start.
        const [captureDelay, releaseDelay] = round % 2 === 0 ? [0, round] : [round, 0];
        const [capture, release] = await Promise.allSettled([
          sleep(captureDelay).then(() => inTransaction(() => holds.capture({ tenantId: TENANT, actorId: 'closing' }, held.holdId, 100))),
          sleep(releaseDelay).then(() => actorCall(plugin.app, 'delete', `/terminal/bonus-holds/${held.holdId}`, TILL)),
        ]);
        const answered = release.status === 'fulfilled' ? [release.value.status, release.value.body.code ?? null] : ['thrown', String(release.reason)];
        if (capture.status === 'fulfilled') {
          expect(answered).toEqual([409, 'hold_captured']);
          winners.add('capture');
        } else {
          expect(capture.reason).toMatchObject({ code: 'hold_released' });
          expect(answered).toEqual([204, null]);
          winners.add('release');
        }
      }
      expect([...winners].sort()).toEqual(['capture', 'release']);
      const after = await balance(accountId);
      expect(after.held).toBe(0);
      const [{ captures }] = await dataSource.query(`SELECT COUNT(*) AS captures FROM rc_holds WHERE tenant_id = ? AND account_id = ? AND status = 'captured'`, [TENANT, accountId]);
      expect(after.total).toBe(10_000 - 100 * Number(captures));
    });

    it('lets exactly 10 of 20 concurrent holds of 100 through on 1000 available', async () => {
      const { accountId } = await guestWith('bonus', 1000);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => hold({ tabId: `tab-crowd-${i}`, accountId, amount: 100, idempotencyKey: `crowd-${engine}-${i}` })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(Array(10).fill('insufficient_balance'));
      expect(await balance(accountId)).toMatchObject({ total: 1000, held: 1000, available: 0 });
    });

    it('gives the holds of a tab back when the tab is voided or its guest removed', async () => {
      const { accountId } = await guestWith('bonus', 1000);
      const first = (await hold({ tabId: 'tab-voided', accountId, amount: 200, idempotencyKey: 'voided-1' }).expect(201)).body;
      const cancelled = await postEvent(plugin.app, tabEvent('guest_tab.cancelled', { tabId: 'tab-voided', version: 3, tab: { status: 'cancelled' } })).expect(200);
      expect(cancelled.body.effects).toContainEqual({ kind: 'hold_released', id: first.holdId, amount: 200, accountId });
      await hold({ tabId: 'tab-left', accountId, amount: 300, idempotencyKey: 'left-1' }).expect(201);
      await postEvent(plugin.app, tabEvent('guest_tab.customer_detached', { tabId: 'tab-left', version: 2 })).expect(200);
      expect(await balance(accountId)).toMatchObject({ total: 1000, held: 0, available: 1000 });
    });

    it('refuses a hold for a tab that was already cancelled', async () => {
      const { accountId } = await guestWith('bonus', 1000);
      await postEvent(plugin.app, tabEvent('guest_tab.cancelled', { tabId: 'tab-void', version: 2, tab: { status: 'cancelled' } })).expect(200);
      expect((await hold({ tabId: 'tab-void', accountId, amount: 100, idempotencyKey: 'void-1' }).expect(409)).body.code).toBe('tab_finished');
    });

    it('never leaves a hold open on a tab cancelled at the same moment', async () => {
      const { guest, accountId } = await guestWith('bonus', 100_000);
      const firsts = new Set<string>();
      // Twelve rounds at least, and on until both the hold and the cancel have come first.
      for (let round = 0; round < 40 && (round < 12 || firsts.size < 2); round++) {
        const tabId = `tab-void-race-${round}`;
        // A hold takes only from the tab guest's accounts, so the guest sits at the tab before the race.
        await seatGuest(plugin.app, tabId, guest.id);
        // Both leave together at first; then each in turn gives the other a growing head start,
        // so the cancel lands before, during and after the hold.
        const [holdDelay, cancelDelay] = round % 2 === 0 ? [0, round * 2] : [round * 2, 0];
        const [held, cancelled] = await Promise.all([
          sleep(holdDelay).then(() => hold({ tabId, accountId, amount: 100, idempotencyKey: `void-race-${engine}-${round}` })),
          sleep(cancelDelay).then(() => postEvent(plugin.app, tabEvent('guest_tab.cancelled', { tabId, version: 3, tab: { status: 'cancelled' } }))),
        ]);
        expect(cancelled.status).toBe(200);
        if (held.status === 201) {
          expect(cancelled.body.effects).toContainEqual({ kind: 'hold_released', id: held.body.holdId, amount: 100, accountId });
          firsts.add('hold');
        } else {
          expect([held.status, held.body.code]).toEqual([409, 'tab_finished']);
          firsts.add('cancel');
        }
        const [{ open }] = await dataSource.query(`SELECT COUNT(*) AS open FROM rc_holds WHERE tenant_id = ? AND tab_id = ? AND status = 'open'`, [TENANT, tabId]);
        expect({ tabId, open: Number(open) }).toEqual({ tabId, open: 0 });
      }
      expect([...firsts].sort()).toEqual(['cancel', 'hold']);
      expect(await balance(accountId)).toMatchObject({ total: 100_000, held: 0 });
    });

    it('keeps a customer within the daily spend limit of the account type', async () => {
      const { guest, accountId } = await guestWith('bonus', 20_000);
      const holds = plugin.app.get(HoldsService);
      const first = (await hold({ tabId: 'tab-day-1', accountId, amount: 3000, idempotencyKey: 'day-1' }).expect(201)).body;
      const refused = await hold({ tabId: 'tab-day-2', accountId, amount: 2500, idempotencyKey: 'day-2' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'daily_limit', left: 2000 });
      await inTransaction(() => holds.capture({ tenantId: TENANT, actorId: 'closing', customerId: guest.id }, first.holdId, 3000));
      expect((await hold({ tabId: 'tab-day-3', accountId, amount: 2500, idempotencyKey: 'day-3' }).expect(409)).body.code).toBe('daily_limit');
      plugin.clock.current = new Date(plugin.clock.current.getTime() + DAY);
      await hold({ tabId: 'tab-day-4', accountId, amount: 2500, idempotencyKey: 'day-4' }).expect(201);
    });

    it('gives an expired hold’s balance back at the next hold, and lets a manager reset stale ones', async () => {
      const { accountId } = await guestWith('bonus', 1000);
      await hold({ tabId: 'tab-old', accountId, amount: 800, idempotencyKey: 'old-1' }).expect(201);
      plugin.clock.current = new Date(plugin.clock.current.getTime() + 11 * 60_000);
      await hold({ tabId: 'tab-new', accountId, amount: 900, idempotencyKey: 'new-1' }).expect(201);
      expect(await balance(accountId)).toMatchObject({ held: 900, available: 100 });

      expect((await manage('post', `/accounts/${accountId}/reset-holds`, { olderThanMinutes: 0, reason: 'Terminal crashed' }, WAITER).expect(403)).body.code).toBe('forbidden');
      const reset = await manage('post', `/accounts/${accountId}/reset-holds`, { olderThanMinutes: 0, reason: 'Terminal crashed' }, { ...MANAGER, id: 'manager-5' }).expect(200);
      expect(reset.body).toEqual({ released: 1, amount: 900 });
      expect(await balance(accountId)).toMatchObject({ held: 0, available: 1000 });
      const [release] = (await manage('get', `/accounts/${accountId}/entries?kind=release&limit=1`).expect(200)).body.items;
      expect(release).toMatchObject({ actorId: 'manager-5', reason: 'Terminal crashed', heldChange: -900 });
    });

    if (engine === 'mariadb') {
      it('gives up on a locked account after a short wait with 503, holding nothing', async () => {
        const { accountId } = await guestWith('bonus', 1000);
        const blocker = await mysql.createConnection(plugin.database.url);
        try {
          await blocker.query('BEGIN');
          await blocker.query('SELECT * FROM rc_accounts WHERE tenant_id = ? AND id = ? FOR UPDATE', [TENANT, accountId]);
          const answer = await hold({ tabId: 'tab-locked', accountId, amount: 100, idempotencyKey: 'locked-1' });
          expect(answer.status).toBe(503);
          expect(answer.body.code).toBe('busy');
        } finally {
          await blocker.query('ROLLBACK');
          await blocker.end();
        }
        expect(await dataSource.query('SELECT id FROM rc_holds WHERE tenant_id = ? AND idempotency_key = ?', [TENANT, 'locked-1'])).toEqual([]);
        expect(await balance(accountId)).toMatchObject({ held: 0 });
      }, 30_000);
    }
  });

  describe('lots and expiry', () => {
    it('spends the lots that expire first, and writes off what is left of an expired lot once', async () => {
      const expiry = plugin.app.get(LotExpiry);
      plugin.clock.current = new Date('2026-10-01T10:00:00Z');
      const { accountId } = await guestWith('points', 500);
      plugin.clock.current = new Date('2026-10-11T10:00:00Z');
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_credit', amount: 300, reason: 'Second visit' }).expect(201);
      plugin.clock.current = new Date('2026-10-16T10:00:00Z');
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_debit', amount: 600, reason: 'Redeemed at the bar' }).expect(201);
      expect((await balance(accountId)).total).toBe(200);

      const expiring = (await manage('get', `/accounts/${accountId}`).expect(200)).body.expiringSoon;
      expect(expiring).toEqual([{ amount: 200, expiresAt: '2026-11-10T23:00:00.000Z' }]);

      const night = new Date('2026-11-11T01:00:00Z');
      await Promise.all([expiry.expireAll(TENANT, night), expiry.expireAll(TENANT, night)]);
      await expiry.expireAll(TENANT, night);
      const expired = (await manage('get', `/accounts/${accountId}/entries?kind=expiry`).expect(200)).body.items;
      expect(expired.map((e: { amount: number; reason: string }) => [e.amount, e.reason])).toEqual([[-200, 'points expired']]);
      expect((await balance(accountId)).total).toBe(0);
    });

    it('leaves points a hold set aside until the hold is settled, and expires them the next night once it is released', async () => {
      const expiry = plugin.app.get(LotExpiry);
      plugin.clock.current = new Date('2026-09-01T10:00:00Z');
      const { accountId } = await guestWith('points', 400);
      const held = await hold({ tabId: 'tab-long-dinner', accountId, amount: 400, idempotencyKey: 'long-dinner' }).expect(201);
      const firstNight = new Date('2026-10-02T01:00:00Z');
      expect(await expiry.expireAll(TENANT, firstNight)).toEqual({ lots: 0, amount: 0 });
      await actorCall(plugin.app, 'delete', `/terminal/bonus-holds/${held.body.holdId}`, TILL).expect(204);
      expect(await expiry.expireAll(TENANT, new Date('2026-10-03T01:00:00Z'))).toEqual({ lots: 1, amount: 400 });
      expect(await balance(accountId)).toMatchObject({ total: 0, held: 0 });
    });

    it('writes off only what is left when a till spends from the account between the job reading a lot and locking it', async () => {
      const expiry = plugin.app.get(LotExpiry);
      plugin.clock.current = new Date('2026-08-01T10:00:00Z');
      const { accountId } = await guestWith('points', 700);
      const night = new Date('2026-09-01T01:00:00Z');
      const read = (await expiry.expiredLots(TENANT, night, null, 1000)).filter((lot) => lot.accountId === accountId);
      expect(read.map((lot) => lot.remaining)).toEqual([700]);
      // The till's redemption lands after the job read the lot and before it takes the lock.
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_debit', amount: 650, reason: 'Late redemption' }).expect(201);
      expect(await expiry.expireBatch(TENANT, read, night)).toEqual({ lots: 1, amount: 50 });
      expect(await balance(accountId)).toMatchObject({ total: 0 });
      const [lot] = await dataSource.query('SELECT remaining FROM rc_lots WHERE tenant_id = ? AND account_id = ?', [TENANT, accountId]);
      expect(Number(lot.remaining)).toBe(0);
      // Settled: spent lots and written-off lots are not read again.
      expect((await expiry.expiredLots(TENANT, night, null, 1000)).filter((lot) => lot.accountId === accountId)).toEqual([]);
    });

    it('announces only what is there to expire after points taken back by a refund are earned again', async () => {
      const accounts = plugin.app.get(AccountsService);
      const guest = await createCustomer(plugin.app);
      const context = (key: string) => ({ tenantId: TENANT, actorId: 'closing', customerId: guest.id, tabId: `tab-${key}`, idempotencyKey: `${key}-${guest.id}` });
      const lunch = await inTransaction(() => accounts.accrue(context('lunch'), 'points', 500));
      const accountId = lunch!.accountId;
      await manage('post', `/accounts/${accountId}/entries`, { kind: 'manual_debit', amount: 400, reason: 'Redeemed at the bar' }).expect(201);
      // The lunch is refunded after its points were spent: the account owes 400.
      await inTransaction(() => accounts.reverse({ ...context('lunch-refund'), reason: 'lines refunded' }, lunch!.id, 500));
      expect(await balance(accountId)).toMatchObject({ total: -400 });
      await inTransaction(() => accounts.accrue(context('dinner'), 'points', 600));

      plugin.clock.current = new Date(NOON.getTime() + 25 * DAY);
      const account = (await manage('get', `/accounts/${accountId}`).expect(200)).body;
      expect(account).toMatchObject({ total: 200, available: 200 });
      expect(account.expiringSoon.map((lot: { amount: number }) => lot.amount)).toEqual([200]);
    });
  });

  describe('memberships, transfers and termination', () => {
    it('pools a child’s accruals into the family account, still naming the child', async () => {
      const parent = await createCustomer(plugin.app, { firstName: 'Parent' });
      const child = await createCustomer(plugin.app, { firstName: 'Child' });
      const family = (await manage('post', '/memberships', { name: 'The family', ownerCustomerId: parent.id }).expect(201)).body;
      await manage('post', `/memberships/${family.id}/members`, { customerId: child.id }).expect(201);
      const accounts = plugin.app.get(AccountsService);
      const entry = await inTransaction(() => accounts.accrue({ tenantId: TENANT, actorId: null, customerId: child.id, idempotencyKey: `accrual-${child.id}`, tabId: 'tab-child' }, 'points', 420));
      await inTransaction(() => accounts.accrue({ tenantId: TENANT, actorId: null, customerId: child.id, idempotencyKey: `accrual-${child.id}`, tabId: 'tab-child' }, 'points', 420));
      const parentView = (await manage('get', `/customers/${parent.id}/accounts`).expect(200)).body;
      const childView = (await manage('get', `/customers/${child.id}/accounts`).expect(200)).body;
      expect(parentView).toEqual(childView);
      expect(parentView[0]).toMatchObject({ holder: { type: 'membership', id: family.id }, total: 420 });
      expect(entry).toMatchObject({ customerId: child.id, kind: 'accrual' });
      const other = await createCustomer(plugin.app);
      await manage('post', `/memberships/${family.id}/members`, { customerId: other.id }).expect(201);
      const elsewhere = (await manage('post', '/memberships', { name: 'Another', ownerCustomerId: parent.id }).expect(409)).body;
      expect(elsewhere.code).toBe('already_member');
    });

    it('moves balance between two accounts of one type in one transaction, and only there', async () => {
      const from = await guestWith('points', 1000);
      const to = await guestWith('points');
      const bonus = await guestWith('bonus', 1000);
      const moved = await manage('post', `/accounts/${from.accountId}/transfers`, { toAccountId: to.accountId, amount: 400, reason: 'Gift to a friend' }).expect(201);
      expect([moved.body.out.kind, moved.body.in.kind]).toEqual(['transfer_out', 'transfer_in']);
      expect([(await balance(from.accountId)).total, (await balance(to.accountId)).total]).toEqual([600, 400]);
      expect((await manage('post', `/accounts/${from.accountId}/transfers`, { toAccountId: bonus.accountId, amount: 1, reason: 'Wrong kind' }).expect(422)).body.code).toBe('incompatible_accounts');
      expect((await manage('post', `/accounts/${from.accountId}/transfers`, { toAccountId: to.accountId, amount: 601, reason: 'Too much' }).expect(409)).body.code).toBe('insufficient_balance');
    });

    it('zeroes and closes the accounts of a terminated membership, releasing its holds', async () => {
      const { guest, accountId } = await guestWith('bonus', 1500);
      await hold({ tabId: 'tab-term', accountId, amount: 500, idempotencyKey: 'term-1' }).expect(201);
      await manage('post', `/customers/${guest.id}/terminate`, { reason: 'Left the programme' }).expect(200);
      expect(await balance(accountId)).toMatchObject({ total: 0, held: 0 });
      expect((await manage('get', `/accounts/${accountId}`).expect(200)).body.status).toBe('closed');
      const kinds = (await manage('get', `/accounts/${accountId}/entries`).expect(200)).body.items.map((e: { kind: string }) => e.kind);
      expect(kinds.slice(0, 2)).toEqual(['reset', 'release']);
    });
  });

  describe('memberships keep every balance reachable', () => {
    const family = async (ownerId: string, name = 'The Lund family') => (await manage('post', '/memberships', { name, ownerCustomerId: ownerId }).expect(201)).body as { id: string };
    const entriesOf = async (accountId: string) => (await manage('get', `/accounts/${accountId}/entries`).expect(200)).body.items as { kind: string; amount: number; reason: string }[];

    it('moves what a joining guest has into the family’s account, entries on both sides, their points keeping their expiry', async () => {
      const parent = await guestWith('points', 750);
      const child = await guestWith('points', 100);
      const home = await family(parent.guest.id);
      await manage('post', `/memberships/${home.id}/members`, { customerId: child.guest.id }).expect(201);
      const [pooled] = (await manage('get', `/customers/${child.guest.id}/accounts`).expect(200)).body;
      expect(pooled).toMatchObject({ holder: { type: 'membership', id: home.id }, total: 850 });
      expect((await manage('get', `/customers/${parent.guest.id}/accounts`).expect(200)).body).toEqual([pooled]);
      expect(await balance(child.accountId)).toMatchObject({ total: 0 });
      expect(await balance(parent.accountId)).toMatchObject({ total: 0 });
      expect((await entriesOf(child.accountId))[0]).toMatchObject({ kind: 'transfer_out', amount: -100, reason: 'joined the membership The Lund family' });
      expect((await entriesOf(pooled.id)).map((entry) => [entry.kind, entry.amount])).toEqual([
        ['transfer_in', 100],
        ['transfer_in', 750],
      ]);
      const [lots] = await dataSource.query('SELECT COUNT(*) AS n, SUM(remaining) AS left_over FROM rc_lots WHERE tenant_id = ? AND account_id = ? AND remaining > 0', [TENANT, pooled.id]);
      expect([Number(lots.n), Number(lots.left_over)]).toEqual([2, 850]);
      // The child pays from the family's account at their own tab.
      await seatGuest(plugin.app, `tab-pool-${engine}`, child.guest.id);
      await hold({ tabId: `tab-pool-${engine}`, accountId: pooled.id, amount: 850, idempotencyKey: `pool-${engine}` }).expect(201);
    });

    it('refuses a guest whose own account is paying for a tab, and one who owes', async () => {
      const parent = await guestWith('bonus', 10);
      const child = await guestWith('bonus', 500);
      const home = await family(parent.guest.id, 'The Holm family');
      await hold({ tabId: `tab-join-${engine}`, accountId: child.accountId, amount: 200, idempotencyKey: `join-hold-${engine}` }).expect(201);
      const refused = await manage('post', `/memberships/${home.id}/members`, { customerId: child.guest.id }).expect(409);
      expect(refused.body).toMatchObject({ code: 'open_holds', account: child.accountId });
      expect(await balance(child.accountId)).toMatchObject({ total: 500, held: 200 });
      const view = (await manage('get', `/memberships/${home.id}`).expect(200)).body;
      expect(view.members.map((member: { customerId: string }) => member.customerId)).toEqual([parent.guest.id]);

      const company = await guestWith('corporate');
      await manage('post', `/accounts/${company.accountId}/entries`, { kind: 'manual_debit', amount: 3000, reason: 'Team lunch on credit' }).expect(201);
      const owes = await manage('post', `/memberships/${home.id}/members`, { customerId: company.guest.id }).expect(409);
      expect(owes.body).toMatchObject({ code: 'balance_owed', account: company.accountId, total: -3000 });
    });

    it('zeroes the family’s accounts when its owner’s membership is terminated, releases their holds and ends every card’s link', async () => {
      const parent = await guestWith('points', 750);
      const child = await guestWith('points', 0);
      await bindCard(plugin.app, child.guest.id, `FAMILY-CHILD-${engine}`);
      const home = await family(parent.guest.id, 'The Berg family');
      await manage('post', `/memberships/${home.id}/members`, { customerId: child.guest.id }).expect(201);
      const [pooled] = (await manage('get', `/customers/${child.guest.id}/accounts`).expect(200)).body;
      await seatGuest(plugin.app, `tab-end-${engine}`, child.guest.id);
      await hold({ tabId: `tab-end-${engine}`, accountId: pooled.id, amount: 300, idempotencyKey: `end-${engine}` }).expect(201);
      await manage('post', `/customers/${parent.guest.id}/terminate`, { reason: 'Left the programme' }).expect(200);
      expect(await balance(pooled.id)).toMatchObject({ total: 0, held: 0 });
      expect((await manage('get', `/accounts/${pooled.id}`).expect(200)).body.status).toBe('closed');
      expect((await entriesOf(pooled.id)).slice(0, 2)).toEqual([
        expect.objectContaining({ kind: 'reset', amount: -750, reason: "membership ended: its owner's membership was terminated: Left the programme" }),
        expect.objectContaining({ kind: 'release' }),
      ]);
      const ended = (await manage('get', `/memberships/${home.id}`).expect(200)).body;
      expect(ended).toMatchObject({ members: [], endedAt: expect.any(String) });
      // The child's card feeds their own accounts again: the ended family's are gone from their view.
      expect((await manage('get', `/customers/${child.guest.id}/accounts`).expect(200)).body.map((account: { id: string }) => account.id)).toEqual([child.accountId]);
      expect((await manage('post', `/memberships/${home.id}/members`, { customerId: child.guest.id }).expect(409)).body.code).toBe('membership_ended');
    });

    it('ends a membership on its own: pooled accounts zeroed with an entry saying why', async () => {
      const parent = await guestWith('bonus', 400);
      const home = await family(parent.guest.id, 'The Ek family');
      const [pooled] = (await manage('get', `/customers/${parent.guest.id}/accounts`).expect(200)).body;
      expect((await manage('post', `/memberships/${home.id}/terminate`, { reason: 'Family left' }, MANAGER, {}).expect(428)).body.code).toBe('idempotency_key_required');
      const ended = (await manage('post', `/memberships/${home.id}/terminate`, { reason: 'Family left' }).expect(200)).body;
      expect(ended.endedAt).toEqual(expect.any(String));
      expect((await entriesOf(pooled.id))[0]).toMatchObject({ kind: 'reset', amount: -400, reason: 'membership ended: Family left' });
      expect((await manage('get', `/customers/${parent.guest.id}`).expect(200)).body.status).toBe('active');
    });
  });

  describe('rewards and the customer card', () => {
    it('offers what the guest can afford, applies the chosen one on evaluate, and holds its price', async () => {
      await manage('post', '/rewards', { code: 'FREE_DESSERT', name: 'Dessert on the house', benefit: { kind: 'free_product', productId: 'p-tiramisu' }, accountTypeCode: 'points', price: 500 }).expect(201);
      await manage('post', '/rewards', { code: 'BIG_PRIZE', name: 'Dinner for two', benefit: { kind: 'amount_off', amount: 10_000 }, accountTypeCode: 'points', price: 100_000 }).expect(201);
      const { guest, accountId } = await guestWith('points', 600);
      await bindCard(plugin.app, guest.id, 'REWARD-CARD');
      const cardBody = (await identify(plugin.app, card('REWARD-CARD'), TILL).expect(200)).body;
      expect(cardBody.balances).toEqual([expect.objectContaining({ accountId, accountType: 'points', total: 600, available: 600 })]);
      expect(cardBody.benefits.map((b: { code: string }) => b.code)).toEqual(['FREE_DESSERT']);
      const rewardId = cardBody.benefits[0].rewardId;

      const tab = {
        id: 'tab-reward',
        version: 1,
        status: 'open',
        openedAt: '2026-11-18T11:00:00Z',
        currency: 'EUR',
        pricesIncludeTax: true,
        customer: { customerId: guest.id },
        orders: [{ id: 'o-1', items: [{ id: 'l-1', productId: 'p-tiramisu', quantity: 1, amount: 750, taxAmount: 0 }, { id: 'l-2', productId: 'p-soup', quantity: 1, amount: 900, taxAmount: 0 }] }],
      };
      const evaluation = (await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab, benefits: [rewardId] }).expect(200)).body;
      expect(evaluation.lines[0].discounts).toEqual([expect.objectContaining({ amount: 750, categoryCode: 'REWARD:FREE_DESSERT', reason: 'Dessert on the house (REWARD:FREE_DESSERT)' })]);
      expect(evaluation.benefits).toEqual([expect.objectContaining({ rewardId, chosen: true, accountId, price: 500 })]);

      expect((await hold({ tabId: 'tab-reward', accountId, amount: 400, idempotencyKey: 'reward-wrong', rewardId }).expect(422)).body.code).toBe('reward_mismatch');
      const held = (await hold({ tabId: 'tab-reward', accountId, amount: 500, idempotencyKey: 'reward-1', rewardId }).expect(201)).body;
      const again = (await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab, benefits: [rewardId] }).expect(200)).body;
      expect(again.lines[0].discounts).toEqual(evaluation.lines[0].discounts);
      expect(again.benefits).toEqual([expect.objectContaining({ rewardId, chosen: true, holdId: held.holdId })]);
      const poorer = (await identify(plugin.app, card('REWARD-CARD'), TILL).expect(200)).body;
      expect(poorer.balances[0]).toMatchObject({ held: 500, available: 100 });
      expect(poorer.benefits).toEqual([]);
    });
  });
});
