import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { bindCard, createCustomer, MANAGER, WAITER } from './factories.js';
import { tabEvent } from './events.js';
import { actorCall, freshKey, postEvent, type ActorOverrides } from './plugin.js';

export const TILL: ActorOverrides = { ...WAITER, terminalId: 'pos-3' };

/**
 * A restaurant as a manager sets it up: a points purse earned at 10% of the bill and a
 * bonus-money purse in euros, and a REGULARS category giving 10% off and the points.
 */
export async function setUpRestaurant(app: INestApplication): Promise<{ pointsRuleId: string }> {
  const manage = (path: string, body: object) => actorCall(app, 'post', path, MANAGER, body, freshKey()).expect(201);
  await manage('/account-types', { code: 'points', name: 'Points', kind: 'points', unit: 'points' });
  await manage('/account-types', { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR' });
  await manage('/promotion-categories', { code: 'REGULARS', name: 'Regulars' });
  await manage('/sales-rules', { categoryCode: 'REGULARS', name: 'Regulars 10%', stacking: 'stack', effect: { kind: 'percent_off', percentBp: 1000 } });
  const points = await manage('/sales-rules', { categoryCode: 'REGULARS', name: 'Regulars points', effect: { kind: 'points_rate', accountType: 'points', rateBp: 1000 } });
  return { pointsRuleId: points.body.id };
}

export interface Regular {
  id: string;
  card: string;
  pointsAccountId: string;
  bonusAccountId: string;
}

/** A regular in the REGULARS category with a barcode card, a points purse and `bonus` on the bonus purse. */
export async function enrolRegular(app: INestApplication, cardNumber: string, bonus = 0): Promise<Regular> {
  const manage = (path: string, body: object) => actorCall(app, 'post', path, MANAGER, body, freshKey()).expect(201);
  const customer = await createCustomer(app);
  await bindCard(app, customer.id, cardNumber);
  await manage(`/customers/${customer.id}/categories`, { categoryCode: 'REGULARS' });
  const points = (await manage(`/customers/${customer.id}/accounts`, { accountTypeCode: 'points' })).body;
  const purse = (await manage(`/customers/${customer.id}/accounts`, { accountTypeCode: 'bonus' })).body;
  if (bonus > 0) await manage(`/accounts/${purse.id}/entries`, { kind: 'manual_credit', amount: bonus, reason: 'Welcome bonus' });
  return { id: customer.id, card: cardNumber, pointsAccountId: points.id, bonusAccountId: purse.id };
}

export async function balanceOf(app: INestApplication, accountId: string): Promise<{ total: number; held: number; available: number }> {
  const { total, held, available } = (await actorCall(app, 'get', `/accounts/${accountId}`, MANAGER).expect(200)).body;
  return { total, held, available };
}

export async function visitsOf(app: INestApplication, customerId: string, query = '') {
  return (await actorCall(app, 'get', `/customers/${customerId}/visits${query}`, MANAGER).expect(200)).body.items as Record<string, unknown>[];
}

export async function statsOf(app: INestApplication, customerId: string, query = '') {
  return (await actorCall(app, 'get', `/customers/${customerId}/visits/stats${query}`, MANAGER).expect(200)).body;
}

export function barcode(value: string) {
  return { identifier: { type: 'barcode_card', value, entryMethod: 'scan' } };
}

/** The guest sits at the tab: customer_attached by id at version 0, as a host sends it before the till takes a bonus payment. */
export async function seatGuest(app: INestApplication, tabId: string, customerId: string): Promise<void> {
  const attached = tabEvent('guest_tab.customer_attached', { id: `seat-${tabId}-${customerId}`, tabId, version: 0, tab: { customer: { customerId } } });
  await postEvent(app, attached).expect(200);
}

/**
 * A bonus hold as the till asks for it, on the tab of the account's holder (seated first:
 * a hold takes only from the tab guest's accounts). Awaited, or `.expect(status)`ed like a
 * supertest call.
 */
export function holdBonus(app: INestApplication, body: { tabId: string; accountId: string; [field: string]: unknown }, actor: ActorOverrides = TILL) {
  const sent = (async (): Promise<Response> => {
    const account = (await actorCall(app, 'get', `/accounts/${body.accountId}`, MANAGER).expect(200)).body as { holder: { type: string; id: string } };
    if (account.holder.type === 'customer') await seatGuest(app, body.tabId, account.holder.id);
    return actorCall(app, 'post', '/terminal/bonus-holds', actor, body);
  })();
  return {
    then: sent.then.bind(sent),
    expect: async (status: number): Promise<Response> => {
      const response = await sent;
      if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
      return response;
    },
  };
}
