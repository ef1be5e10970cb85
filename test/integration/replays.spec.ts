import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, startSecondInstance, TENANT, type ActorOverrides, type TestPlugin } from '../support/plugin.js';
import { holdBonus, seatGuest, TILL } from '../support/restaurant.js';

/** A manager whose calls carry no requestId: the same call twice is the same signed bytes, as a captured request is. */
const CAPTURED: ActorOverrides = { ...MANAGER, requestId: null };

describe.each(TEST_ENGINES)('a request is worth once (%s)', (engine) => {
  let plugin: TestPlugin;
  let second: INestApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    second = await startSecondInstance(plugin);
    dataSource = plugin.app.get(getDataSourceToken('regulars'));
    await actorCall(plugin.app, 'post', '/account-types', MANAGER, { code: 'points', name: 'Points', kind: 'points', unit: 'points' }).expect(201);
    await actorCall(plugin.app, 'post', '/account-types', MANAGER, { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' }).expect(201);
  });
  afterAll(async () => {
    await second.close();
    await plugin.close();
  });

  async function accountOf(type: string): Promise<{ customerId: string; accountId: string }> {
    const guest = await createCustomer(plugin.app);
    const account = await actorCall(plugin.app, 'post', `/customers/${guest.id}/accounts`, MANAGER, { accountTypeCode: type }).expect(201);
    return { customerId: guest.id, accountId: account.body.id };
  }
  const total = async (accountId: string) => (await actorCall(plugin.app, 'get', `/accounts/${accountId}`, MANAGER).expect(200)).body.total as number;
  const entries = async (accountId: string) =>
    Number((await dataSource.query('SELECT COUNT(*) AS n FROM rc_ledger_entries WHERE tenant_id = ? AND account_id = ?', [TENANT, accountId]))[0].n);

  it('credits once for a signed credit sent byte for byte three times, answering the repeats from its key', async () => {
    const { accountId } = await accountOf('points');
    const key = { 'idempotency-key': `replayed-credit-${engine}` };
    const credit = { kind: 'manual_credit', amount: 7, reason: 'Captured and replayed' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, CAPTURED, credit, key));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await total(accountId)).toBe(7);
  });

  it('refuses the same signed credit under another key, on another account, or on another instance', async () => {
    const { accountId } = await accountOf('points');
    const other = await accountOf('points');
    const credit = { kind: 'manual_credit', amount: 7, reason: 'Captured, then sent with another key' };
    await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, CAPTURED, credit, { 'idempotency-key': `first-${engine}` }).expect(201);
    // The key header is not signed: an attacker may change it, and the path too.
    const newKey = await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, CAPTURED, credit, { 'idempotency-key': `second-${engine}` }).expect(409);
    expect(newKey.body).toMatchObject({ statusCode: 409, code: 'replayed_request' });
    await actorCall(plugin.app, 'post', `/accounts/${other.accountId}/entries`, CAPTURED, credit, { 'idempotency-key': `third-${engine}` }).expect(409);
    await actorCall(second, 'post', `/accounts/${other.accountId}/entries`, CAPTURED, credit, { 'idempotency-key': `fourth-${engine}` }).expect(409);
    expect(await total(accountId)).toBe(7);
    expect(await total(other.accountId)).toBe(0);
  });

  it('applies an unkeyed signed write once when both instances receive it at the same moment', async () => {
    const guest = await createCustomer(plugin.app);
    const open = { accountTypeCode: 'bonus' };
    const answers = await Promise.all([plugin.app, second, plugin.app, second].map((app) => actorCall(app, 'post', `/customers/${guest.id}/accounts`, CAPTURED, open)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.code)).toEqual(Array(3).fill('replayed_request'));
  });

  it('answers every copy of a keyed credit sent to both instances at once with the one entry it made', async () => {
    const { accountId } = await accountOf('points');
    const credit = { kind: 'manual_credit', amount: 11, reason: 'Sent twice by a retrying host' };
    const key = { 'idempotency-key': `both-instances-${engine}` };
    const answers = await Promise.all([plugin.app, second, plugin.app, second].map((app) => actorCall(app, 'post', `/accounts/${accountId}/entries`, CAPTURED, credit, key)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await total(accountId)).toBe(11);
    expect(await entries(accountId)).toBe(1);
  });

  it('lets the same bytes through again after a refusal, since a refused write wrote nothing', async () => {
    const { accountId } = await accountOf('bonus');
    const debit = { kind: 'manual_debit', amount: 5, reason: 'More than there is' };
    const key = { 'idempotency-key': `refused-${engine}` };
    await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, CAPTURED, debit, key).expect(409);
    expect((await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, CAPTURED, debit, key).expect(409)).body.code).toBe('insufficient_balance');
  });

  it('answers an event sent twice byte for byte as a duplicate of the first', async () => {
    const event = tabEvent('guest_tab.opened', { tabId: `tab-replayed-${engine}` });
    const first = await postEvent(plugin.app, event).expect(200);
    const again = await postEvent(second, event).expect(200);
    expect(again.body).toEqual({ ...first.body, status: 'duplicate' });
  });

  describe('money writes carry a key', () => {
    it.each([
      ['a manual credit', 'entries', { kind: 'manual_credit', amount: 5, reason: 'No key' }],
      ['a manual debit', 'entries', { kind: 'manual_debit', amount: 5, reason: 'No key' }],
      ['a transfer', 'transfers', null],
      ['a reset of holds', 'reset-holds', { olderThanMinutes: 0, reason: 'No key' }],
    ])('refuses %s without an Idempotency-Key with 428 and writes nothing', async (_, path, body) => {
      const { accountId } = await accountOf('points');
      await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, MANAGER, { kind: 'manual_credit', amount: 50, reason: 'Opening' }, freshKey()).expect(201);
      const target = await accountOf('points');
      const payload = body ?? { toAccountId: target.accountId, amount: 5, reason: 'No key' };
      const refused = await actorCall(plugin.app, 'post', `/accounts/${accountId}/${path}`, MANAGER, payload).expect(428);
      expect(refused.body).toMatchObject({ statusCode: 428, code: 'idempotency_key_required', message: expect.stringContaining('Idempotency-Key') });
      expect(await entries(accountId)).toBe(1);
      expect(await total(target.accountId)).toBe(0);
    });

    it('refuses a termination without a key, since it resets the balances', async () => {
      const { customerId, accountId } = await accountOf('points');
      await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, MANAGER, { kind: 'manual_credit', amount: 50, reason: 'Opening' }, freshKey()).expect(201);
      await actorCall(plugin.app, 'post', `/customers/${customerId}/terminate`, MANAGER, { reason: 'Left' }).expect(428);
      expect(await total(accountId)).toBe(50);
      expect((await actorCall(plugin.app, 'get', `/customers/${customerId}`, MANAGER).expect(200)).body.status).toBe('active');
    });

    it('refuses a bonus hold without its idempotencyKey with 428 and holds nothing', async () => {
      const { customerId, accountId } = await accountOf('bonus');
      await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, MANAGER, { kind: 'manual_credit', amount: 500, reason: 'Opening' }, freshKey()).expect(201);
      await seatGuest(plugin.app, `tab-no-key-${engine}`, customerId);
      const refused = await actorCall(plugin.app, 'post', '/terminal/bonus-holds', TILL, { tabId: `tab-no-key-${engine}`, accountId, amount: 100 }).expect(428);
      expect(refused.body.code).toBe('idempotency_key_required');
      expect((await actorCall(plugin.app, 'get', `/accounts/${accountId}`, MANAGER).expect(200)).body.held).toBe(0);
    });
  });

  describe('keys belong to the actor who spent them', () => {
    it('refuses another actor’s reuse of a key with 422 instead of answering the first actor’s response', async () => {
      const { accountId } = await accountOf('points');
      const credit = { kind: 'manual_credit', amount: 3, reason: 'Apology' };
      const key = { 'idempotency-key': `shared-${engine}` };
      await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, MANAGER, credit, key).expect(201);
      const other = await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, { ...MANAGER, id: 'manager-2' }, credit, key).expect(422);
      expect(other.body).toMatchObject({ code: 'idempotency_key_reused', message: expect.stringContaining('another actor') });
      expect(other.body.id).toBeUndefined();
      expect(await total(accountId)).toBe(3);
    });

    it('refuses another till’s reuse of a hold’s idempotencyKey', async () => {
      const { accountId } = await accountOf('bonus');
      await actorCall(plugin.app, 'post', `/accounts/${accountId}/entries`, MANAGER, { kind: 'manual_credit', amount: 500, reason: 'Opening' }, freshKey()).expect(201);
      const body = { tabId: `tab-key-owner-${engine}`, accountId, amount: 100, idempotencyKey: `hold-owner-${engine}` };
      await holdBonus(plugin.app, body).expect(201);
      const other = await holdBonus(plugin.app, body, { ...TILL, id: 'waiter-2' }).expect(422);
      expect(other.body.code).toBe('idempotency_key_reused');
    });
  });
});
