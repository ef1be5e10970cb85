/**
 * A POS host's calls of the plugin, written against the types a vendor generates from the
 * OpenAPI document (openapi-typescript, into ./regulars-api.ts beside this file). It is only
 * type-checked (openapi-client.spec.ts): a call the document describes wrongly — a field
 * the plugin wants that the document does not name, an answer whose fields it leaves out —
 * does not compile. Every operation of the document is called here.
 */
import type { components, paths } from './regulars-api.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
export type Refusal = Schema<'RegularsError'>;

/** The methods the document gives a path. */
type MethodOf<P extends keyof paths> = { [M in Method]: paths[P][M] extends { responses: object } ? M : never }[Method];
type OperationOf<P extends keyof paths, M extends Method> = Extract<paths[P][M], { responses: object }>;

type ParametersOf<O> = O extends { parameters: infer Parameters } ? Parameters : never;
type HeadersOf<O> = ParametersOf<O> extends { header: infer Headers } ? Headers : object;
type PathPart<O> = ParametersOf<O> extends { path: infer Ids } ? { path: Ids } : object;
type QueryPart<O> = ParametersOf<O> extends { query?: infer Query } ? ([Query] extends [undefined] ? object : { query?: Query }) : object;
type BodyPart<O> = O extends { requestBody: { content: { 'application/json': infer Body } } } ? { body: Body } : object;
type KeyPart<O> = 'Idempotency-Key' extends keyof HeadersOf<O>
  ? object extends Pick<HeadersOf<O>, 'Idempotency-Key'>
    ? { idempotencyKey?: string }
    : { idempotencyKey: string }
  : object;
/** What a call sends besides its signature: path ids, query, body, an Idempotency-Key where the route takes one. */
type RequestOf<O> = PathPart<O> & QueryPart<O> & BodyPart<O> & KeyPart<O> & { headers?: Record<string, string> };

type ResponsesOf<O> = O extends { responses: infer Responses } ? Responses : never;
type SuccessStatus = 200 | 201 | 204;
type Success<O> = {
  [S in keyof ResponsesOf<O> & SuccessStatus]: ResponsesOf<O>[S] extends { content: { 'application/json': infer Body } }
    ? { ok: true; status: S; body: Body }
    : ResponsesOf<O>[S] extends { content: { 'text/csv': infer Text } }
      ? { ok: true; status: S; body: Text }
      : { ok: true; status: S; body: undefined };
}[keyof ResponsesOf<O> & SuccessStatus];
type Refused<O> = { ok: false; status: Exclude<keyof ResponsesOf<O>, SuccessStatus>; refusal: Refusal };
export type Answer<O> = Success<O> | Refused<O>;

/** Signs a request as CONTRACT.md section 5 says: X-Regulars-Timestamp, X-Regulars-Signature and the actor header. */
export type Signer = (body: string) => Record<string, string>;

/** The host's whole client: one typed fetch over the generated paths. */
export function regularsClient(baseUrl: string, sign: Signer) {
  return {
    async call<P extends keyof paths, M extends MethodOf<P>>(method: M, path: P, request: RequestOf<OperationOf<P, M>>): Promise<Answer<OperationOf<P, M>>> {
      const { path: ids = {}, query = {}, body, idempotencyKey, headers = {} } = request as {
        path?: Record<string, string>;
        query?: Record<string, unknown>;
        body?: unknown;
        idempotencyKey?: string;
        headers?: Record<string, string>;
      };
      const url = new URL(baseUrl + String(path).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name])));
      for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
      const text = body === undefined ? '' : JSON.stringify(body);
      const response = await fetch(url, {
        method: method.toUpperCase(),
        headers: {
          ...sign(text),
          ...(text ? { 'content-type': 'application/json' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          ...headers,
        },
        body: text || undefined,
      });
      // A file (a CSV of codes) is read as text; every other answer, refusals included, is JSON.
      const answer: unknown = response.status === 204 ? undefined : response.headers.get('content-type')?.startsWith('text/') ? await response.text() : await response.json();
      const result = response.ok ? { ok: true, status: response.status, body: answer } : { ok: false, status: response.status, refusal: answer };
      return result as Answer<OperationOf<P, M>>;
    },
  };
}

type Regulars = ReturnType<typeof regularsClient>;

/** A refusal as the host's log line: status, code and every line of the message. */
function refused(answer: { status: number; refusal: Refusal }): Error {
  return new Error(`${answer.status} ${answer.refusal.code}: ${[answer.refusal.message].flat().join('; ')}`);
}

const tab: Schema<'TabSnapshotDto'> = {
  id: 'tab-123',
  version: 7,
  status: 'open',
  openedAt: '2026-11-22T17:40:00Z',
  closedAt: null,
  currency: 'EUR',
  pricesIncludeTax: true,
  divisionId: 'hall-2',
  tableId: 't-14',
  guestCount: 2,
  waiterId: 'u-17',
  customer: { identifier: { type: 'barcode_card', value: '2000012345678', entryMethod: 'scan' } },
  categories: { tab: ['HAPPY'], division: ['TERRACE'], table: [] },
  orders: [
    {
      id: 'o-1',
      categories: [],
      items: [
        { id: 'l-1', productId: 'p-88', productGroupIds: ['wine', 'drinks'], tags: ['alcohol'], name: 'Cabernet Sauvignon 0.15', quantity: 1, amount: 1200, taxAmount: 200, categories: [] },
      ],
    },
  ],
  serviceCharge: 0,
  payments: [{ method: 'card', amount: 1200 }],
};

/** The till: recognise the guest, price the tab, hold bonus for a payment and let it go again. */
export async function atTheTill(regulars: Regulars): Promise<string> {
  const identified = await regulars.call('post', '/terminal/identify', { body: { identifier: { type: 'barcode_card', value: '2000012345678', entryMethod: 'scan' } } });
  if (!identified.ok) {
    if (identified.status === 300) return `choose one of ${JSON.stringify(identified.refusal.candidates)}`;
    if (identified.status === 429 || identified.status === 503) return `try again in ${identified.refusal.retryAfterSeconds ?? 1} s`;
    throw refused(identified);
  }
  const card = identified.body;
  const bonus = card.balances.find((balance) => balance.accountType === 'bonus');
  const greeting = `${card.greeting} ${card.tier?.name ?? ''} ${card.nextTier?.missing ?? 0} ${card.history.visits} ${card.identifiedBy.via}`;

  const again = await regulars.call('get', '/terminal/cards/{customerId}', { path: { customerId: card.id } });
  if (!again.ok) throw refused(again);

  const evaluated = await regulars.call('post', '/terminal/evaluate', { body: { tab, benefits: card.benefits.map((offer) => offer.rewardId) } });
  if (!evaluated.ok) throw refused(evaluated);
  const { totals, lines, accrual, limits } = evaluated.body;
  const discounted = lines.flatMap((line) => line.discounts.map((discount) => `${line.lineId} −${discount.amount} (${discount.categoryCode})`));

  if (!bonus) return `${greeting} ${totals.after} ${discounted.join(', ')}`;
  const held = await regulars.call('post', '/terminal/bonus-holds', {
    body: { tabId: tab.id, accountId: bonus.accountId, amount: Math.min(bonus.available, totals.after), idempotencyKey: 'tab-123-bonus-1' },
  });
  if (!held.ok) {
    if (held.status === 409) return `no bonus: ${held.refusal.code}`;
    throw refused(held);
  }
  const released = await regulars.call('delete', '/terminal/bonus-holds/{holdId}', { path: { holdId: held.body.holdId } });
  if (!released.ok) throw refused(released);
  return `${greeting} ${held.body.expiresAt} ${accrual.map((points) => points.points).join('+')} ${limits.filter((limit) => limit.broken).length}`;
}

/** The tab's life on the host, sent as it happens. */
export async function sendEvents(regulars: Regulars): Promise<void> {
  const event: Schema<'GuestTabEventDto'> = {
    id: 'evt_01JD7Z3Q8K6Y0M2B5C9D1E4F7G',
    type: 'guest_tab.customer_attached',
    occurredAt: '2026-11-22T18:03:11.512Z',
    tenantId: 'brand-1',
    locationId: 'cafe-7',
    terminalId: 'pos-3',
    actor: { id: 'u-17', name: 'Anna', permissions: ['terminal.use'] },
    tab,
  };
  const attached = await regulars.call('post', '/hooks/guest-tab', { body: event });
  if (!attached.ok) throw refused(attached);
  const welcome = attached.body.card?.greeting;
  const refund: Schema<'GuestTabEventDto'> = {
    ...event,
    id: 'evt_01JD7Z3Q8K6Y0M2B5C9D1E4F7H',
    type: 'guest_tab.refunded',
    refundedItems: [{ itemId: 'l-1', quantity: 1, amount: 1200 }],
  };
  const refunded = await regulars.call('post', '/hooks/guest-tab', { body: refund });
  if (!refunded.ok) throw refused(refunded);

  const record = await regulars.call('get', '/guest-tabs/{tabId}', { path: { tabId: tab.id } });
  if (!record.ok) throw refused(record);
  const answers = record.body.events.map((received) => `${received.type}@${received.version}: ${received.status}`);
  console.log(welcome, attached.body.status, refunded.body.effects.length, record.body.tab.version, record.body.frozenEvaluations.length, record.body.visits.length, answers);
}

/** The back office's guest book: customers, contacts, audit, categories, tiers, erasure. */
export async function manageCustomers(regulars: Regulars): Promise<void> {
  const created = await regulars.call('post', '/customers', {
    idempotencyKey: 'new-guest-anna-berg',
    body: { kind: 'individual', firstName: 'Anna', lastName: 'Berg', birthDate: '1988-04-17', announcement: 'Allergic to nuts', contacts: [{ type: 'mobile', value: '+46 70 123 45 67' }], tags: ['vip'] },
  });
  if (!created.ok) {
    if (created.status === 409) console.log('maybe a duplicate of', created.refusal.candidates);
    throw refused(created);
  }
  const anna = created.body;
  const customerId = anna.id;

  const page = await regulars.call('get', '/customers', { query: { q: 'Berg', limit: 20 } });
  if (!page.ok) throw refused(page);
  const next = page.body.nextCursor ? await regulars.call('get', '/customers', { query: { cursor: page.body.nextCursor } }) : null;
  const one = await regulars.call('get', '/customers/{id}', { path: { id: customerId } });
  const changed = await regulars.call('patch', '/customers/{id}', { path: { id: customerId }, body: { middleName: null, room: '214', preferences: { text: 'No coriander' } } });
  const audit = await regulars.call('get', '/customers/{id}/audit', { path: { id: customerId } });
  if (!one.ok || !changed.ok || !audit.ok) throw new Error('the guest book refused');
  const history = audit.body.map((entry) => `${entry.at} ${entry.actorName ?? entry.actorId} ${entry.action} ${entry.changes.map((change) => change.field).join(',')}`);

  const contacts = await regulars.call('get', '/customers/{customerId}/contacts', { path: { customerId } });
  const added = await regulars.call('post', '/customers/{customerId}/contacts', { path: { customerId }, idempotencyKey: 'anna-email', body: { type: 'email', value: 'anna@example.com', primary: true } });
  if (!contacts.ok || !added.ok) throw new Error('contacts refused');
  const contactId = added.body.id;
  await regulars.call('patch', '/customers/{customerId}/contacts/{contactId}', { path: { customerId, contactId }, body: { label: 'home' } });
  await regulars.call('delete', '/customers/{customerId}/contacts/{contactId}', { path: { customerId, contactId } });

  const assigned = await regulars.call('post', '/customers/{customerId}/categories', { path: { customerId }, idempotencyKey: 'anna-staff', body: { categoryCode: 'STAFF', validTo: '2026-12-31' } });
  const categories = await regulars.call('get', '/customers/{customerId}/categories', { path: { customerId } });
  if (assigned.ok) await regulars.call('delete', '/customers/{customerId}/categories/{assignmentId}', { path: { customerId, assignmentId: assigned.body.id } });

  const moved = await regulars.call('put', '/customers/{customerId}/tier', { path: { customerId }, body: { tierCode: 'GOLD', note: 'Owner’s friend' } });
  const moves = await regulars.call('get', '/customers/{customerId}/tier-moves', { path: { customerId } });
  const visits = await regulars.call('get', '/customers/{customerId}/visits', { path: { customerId }, query: { limit: 50 } });
  const stats = await regulars.call('get', '/customers/{customerId}/visits/stats', { path: { customerId } });
  if (visits.ok && stats.ok) console.log(visits.body.items.map((visit) => visit.net), stats.body.averageCheck, stats.body.pointsEarned.points);

  const exported = await regulars.call('get', '/customers/{id}/export', { path: { id: customerId } });
  if (exported.ok) console.log(exported.body.exportedAt, exported.body.customer.displayName);
  const terminated = await regulars.call('post', '/customers/{id}/terminate', { path: { id: customerId }, idempotencyKey: 'anna-leaves', body: { reason: 'Left the programme' } });
  if (terminated.ok) console.log(terminated.body.status);
  const erased = await regulars.call('post', '/customers/{id}/erase', { path: { id: customerId } });
  if (erased.ok) console.log(erased.body.erasedAt, erased.body.rows.contacts);
  console.log(next?.ok, history, categories.ok && categories.body.length, moved.ok && moved.body.toTierCode, moves.ok && moves.body.length);
}

/** Cards, keys and their batches. */
export async function manageCards(regulars: Regulars, customerId: string): Promise<void> {
  const batch = await regulars.call('post', '/card-batches', {
    idempotencyKey: 'gold-cards-2026',
    body: { name: 'Gold cards 2026', type: 'barcode_card', prefix: '200', digits: 9, firstNumber: 1, lastNumber: 999999999, checkDigit: 'ean13', issue: 100 },
  });
  if (!batch.ok) throw refused(batch);
  const more = await regulars.call('post', '/card-batches/{id}/cards', { path: { id: batch.body.batch.id }, idempotencyKey: 'gold-cards-2026-more', body: { count: 50 } });
  const batches = await regulars.call('get', '/card-batches', {});
  if (more.ok && batches.ok) console.log(more.body.values[0], batches.body.map((each) => `${each.name}: ${each.issued}`));

  const issued = await regulars.call('post', '/identifiers', { idempotencyKey: 'key-17', body: { type: 'electronic_key', value: 'KEY-0017' } });
  const bound = await regulars.call('post', '/customers/{customerId}/identifiers', { path: { customerId }, idempotencyKey: 'bind-2000012345678', body: { type: 'barcode_card', value: '2000012345678', entryMethod: 'scan' } });
  if (!bound.ok) {
    if (bound.status === 409) console.log('held by', bound.refusal.holder);
    throw refused(bound);
  }
  const id = bound.body.id;
  const found = await regulars.call('get', '/identifiers', { query: { value: '2000012345678', status: 'active' } });
  const one = await regulars.call('get', '/identifiers/{id}', { path: { id } });
  const lost = await regulars.call('patch', '/identifiers/{id}', { path: { id }, body: { status: 'lost', reason: 'Reported lost by the guest' } });
  const unbound = await regulars.call('post', '/identifiers/{id}/unbind', { path: { id } });
  const theirs = await regulars.call('get', '/customers/{customerId}/identifiers', { path: { customerId } });
  console.log(issued.ok && issued.body.customerId, found.ok && found.body.items.length, one.ok && one.body.status, lost.ok && lost.body.statusReason, unbound.ok && unbound.body.boundAt);
  console.log(theirs.ok && theirs.body.map((identifier) => `${identifier.type} ${identifier.value}`));
}

/** Promotion categories, the rules that price them, rewards and birthdays. */
export async function managePromotions(regulars: Regulars): Promise<void> {
  const category = await regulars.call('post', '/promotion-categories', { idempotencyKey: 'cat-happy', body: { code: 'HAPPY', name: 'Happy hour', lineDiscountCapBp: 3000 } });
  if (!category.ok) throw refused(category);
  const categoryId = category.body.id;
  await regulars.call('get', '/promotion-categories', { query: { active: true } });
  await regulars.call('get', '/promotion-categories/{id}', { path: { id: categoryId } });
  await regulars.call('patch', '/promotion-categories/{id}', { path: { id: categoryId }, body: { description: null, lineDiscountCapBp: null } });

  const rule = await regulars.call('post', '/sales-rules', {
    idempotencyKey: 'rule-happy-wine',
    body: {
      categoryCode: 'HAPPY',
      name: 'Wine −10% at happy hour',
      effect: { kind: 'percent_off', percentBp: 1000 },
      scope: { productGroupIds: ['wine'] },
      conditions: { daysOfWeek: [1, 2, 3, 4, 5], timeFrom: '16:00', timeTo: '18:00' },
    },
  });
  if (!rule.ok) throw refused(rule);
  const ruleId = rule.body.id;
  const rules = await regulars.call('get', '/sales-rules', { query: { categoryCode: 'HAPPY', active: 'true' } });
  await regulars.call('get', '/sales-rules/{id}', { path: { id: ruleId } });
  await regulars.call('patch', '/sales-rules/{id}', { path: { id: ruleId }, body: { name: null, active: false, effect: { kind: 'points_rate', accountType: 'points', rateBp: 500 } } });
  const versions = await regulars.call('get', '/sales-rules/{id}/versions', { path: { id: ruleId } });
  if (versions.ok) console.log(versions.body.map((version) => `${version.version} ${version.change} by ${version.createdBy}: ${version.rule.effect.kind}`));

  const reward = await regulars.call('post', '/rewards', {
    idempotencyKey: 'reward-dessert',
    body: { code: 'DESSERT', name: 'Free dessert', benefit: { kind: 'free_product', productId: 'p-dessert' }, accountTypeCode: 'points', price: 500 },
  });
  const rewards = await regulars.call('get', '/rewards', {});
  if (reward.ok) await regulars.call('patch', '/rewards/{id}', { path: { id: reward.body.id }, body: { price: 450, availableTo: null } });
  const code = await regulars.call('post', '/promo-codes', { idempotencyKey: 'code-welcome', body: { code: 'WELCOME-10', categoryCode: 'HAPPY', usage: 'per_guest', validTo: '2026-12-31T22:59:59Z' } });
  if (code.ok) await regulars.call('get', '/promo-codes/{code}', { path: { code: code.body.code } });
  const batch = await regulars.call('post', '/promo-code-batches', { idempotencyKey: 'batch-flyers', body: { name: 'December flyers', categoryCode: 'HAPPY', usage: 'single', count: 20, prefix: 'XMAS' } });
  await regulars.call('get', '/promo-code-batches', {});
  if (batch.ok) {
    const printed = await regulars.call('get', '/promo-code-batches/{id}/codes.csv', { path: { id: batch.body.id } });
    if (printed.ok) console.log(printed.body.split('\r\n')[1]);
  }
  const birthday = await regulars.call('put', '/birthday-benefit', { body: { enabled: true, accountTypeCode: 'points', amount: 500, categoryCode: null } });
  const current = await regulars.call('get', '/birthday-benefit', {});
  console.log(rules.ok && rules.body.length, rewards.ok && rewards.body.map((each) => each.benefit.kind), birthday.ok && birthday.body.amount, current.ok && current.body.enabled);
}

/** Account types, balances, manual entries, transfers and holds; memberships pooling them. */
export async function manageAccounts(regulars: Regulars, customerId: string, otherCustomerId: string): Promise<void> {
  const type = await regulars.call('post', '/account-types', { idempotencyKey: 'type-bonus', body: { code: 'bonus', name: 'Bonus', kind: 'bonus_money', unit: 'EUR', dailySpendLimit: 50_000 } });
  const types = await regulars.call('get', '/account-types', {});
  if (type.ok) await regulars.call('patch', '/account-types/{id}', { path: { id: type.body.id }, body: { dailySpendLimit: null } });

  const opened = await regulars.call('post', '/customers/{customerId}/accounts', { path: { customerId }, body: { accountTypeCode: 'bonus' } });
  if (!opened.ok) throw refused(opened);
  const id = opened.body.id;
  const accounts = await regulars.call('get', '/customers/{customerId}/accounts', { path: { customerId } });
  const account = await regulars.call('get', '/accounts/{id}', { path: { id } });
  const credited = await regulars.call('post', '/accounts/{id}/entries', { path: { id }, idempotencyKey: 'goodwill-2026-11-22', body: { kind: 'manual_credit', amount: 1000, reason: 'Goodwill for the long wait' } });
  if (!credited.ok) {
    if (credited.status === 428) throw new Error('a credit needs its Idempotency-Key');
    throw refused(credited);
  }
  const entries = await regulars.call('get', '/accounts/{id}/entries', { path: { id }, query: { kind: 'manual_credit', limit: 20 } });
  const other = accounts.ok ? accounts.body.find((each) => each.id !== id) : undefined;
  if (other) {
    const transferred = await regulars.call('post', '/accounts/{id}/transfers', { path: { id }, idempotencyKey: 'move-to-family', body: { toAccountId: other.id, amount: 500, reason: 'Family pot' } });
    if (transferred.ok) console.log(transferred.body.out.amount, transferred.body.in.balanceAfter);
  }
  const holds = await regulars.call('get', '/accounts/{id}/holds', { path: { id } });
  const reset = await regulars.call('post', '/accounts/{id}/reset-holds', { path: { id }, idempotencyKey: 'reset-stale-holds', body: { olderThanMinutes: 240, reason: 'Till crashed' } });
  const frozen = await regulars.call('patch', '/accounts/{id}', { path: { id }, body: { status: 'frozen' } });
  console.log(types.ok && types.body.length, account.ok && account.body.available, account.ok && account.body.holder.type, entries.ok && entries.body.items[0]?.direction);
  console.log(holds.ok && holds.body.length, reset.ok && reset.body.released, frozen.ok && frozen.body.status);

  const family = await regulars.call('post', '/memberships', { idempotencyKey: 'berg-family', body: { name: 'The Berg family', ownerCustomerId: customerId } });
  if (!family.ok) throw refused(family);
  const membershipId = family.body.id;
  const joined = await regulars.call('post', '/memberships/{id}/members', { path: { id: membershipId }, idempotencyKey: 'berg-family-erik', body: { customerId: otherCustomerId } });
  if (!joined.ok && joined.status === 409) console.log('cannot join yet:', joined.refusal.code);
  const membership = await regulars.call('get', '/memberships/{id}', { path: { id: membershipId } });
  await regulars.call('delete', '/memberships/{id}/members/{customerId}', { path: { id: membershipId, customerId: otherCustomerId } });
  const ended = await regulars.call('post', '/memberships/{id}/terminate', { path: { id: membershipId }, idempotencyKey: 'berg-family-ends', body: { reason: 'The family left the programme' } });
  console.log(membership.ok && membership.body.members.map((member) => member.joinedAt), ended.ok && ended.body.endedAt);
}

/** Gift cards: sold and topped up at the till, paying part of a tab, refunded; the back office's list and its own sale. */
export async function sellGiftCards(regulars: Regulars): Promise<void> {
  await regulars.call('post', '/account-types', { idempotencyKey: 'type-gift', body: { code: 'gift', name: 'Gift card', kind: 'gift_card', unit: 'EUR', expiry: { kind: 'never' } } });
  const sold = await regulars.call('post', '/terminal/gift-cards', { body: { amount: 5000, saleId: 'pos-3:receipt-1' } });
  if (!sold.ok) throw refused(sold);
  const code = sold.body.code;
  await regulars.call('post', '/terminal/gift-cards/{code}/top-ups', { path: { code }, body: { amount: 1000, saleId: 'pos-3:receipt-2' } });
  const balance = await regulars.call('get', '/terminal/gift-cards/{code}', { path: { code } });
  const held = await regulars.call('post', '/terminal/gift-card-holds', { body: { code, tabId: 'tab-gift-1', amount: 3000, idempotencyKey: 'tab-gift-1:gift' } });
  const refund = await regulars.call('post', '/terminal/gift-cards/{code}/refunds', { path: { code }, body: { saleId: 'pos-3:receipt-2' } });
  console.log(balance.ok && balance.body.account.available, held.ok && held.body.holdId, refund.ok || refund.refusal.code);

  const counter = await regulars.call('post', '/gift-cards', { idempotencyKey: 'counter-sale', body: { code: '4000 0000 0001', amount: 2500, saleId: 'counter-1' } });
  if (!counter.ok) throw refused(counter);
  await regulars.call('post', '/gift-cards/{code}/top-ups', { path: { code: counter.body.code }, idempotencyKey: 'counter-top-up', body: { amount: 500, saleId: 'counter-2' } });
  const voided = await regulars.call('post', '/gift-cards/{code}/refunds', { path: { code: counter.body.code }, idempotencyKey: 'counter-refund', body: { saleId: 'counter-2' } });
  const card = await regulars.call('get', '/gift-cards/{code}', { path: { code: counter.body.code } });
  const listed = await regulars.call('get', '/gift-cards', { query: { code: '4000', limit: 10 } });
  console.log(voided.ok && voided.body.status, card.ok && card.body.nextExpiry, listed.ok && listed.body.items.length);
}

/** A till keeps the location's offline pack current, pinned to the tenant's key, with what each guest may spend offline. */
export async function keepTheTillReadyOffline(regulars: Regulars): Promise<void> {
  const key = await regulars.call('get', '/terminal/offline-pack/key', {});
  if (!key.ok) throw refused(key);
  const pack = await regulars.call('get', '/terminal/offline-pack', { query: { locationId: 'cafe-7', limit: 500 } });
  if (!pack.ok) throw refused(pack);
  const { identifierHashing, guests, nextCursor, ruleBook, settings, tiers } = pack.body;
  const allowances = guests.flatMap((guest) => guest.accounts.map((account) => `${guest.displayName} ${account.accountTypeCode} ${account.allowance} ${account.unit}`));
  const risk = await regulars.call('get', '/offline-risk', { query: { from: '2026-11-01T00:00:00Z' } });
  if (risk.ok) for (const place of risk.body.locations) console.log(place.locationId, place.offlineTabs, place.spent, place.debt, place.guestsInDebt, place.owedNow);
  console.log(key.body.algorithm, key.body.publicKey, identifierHashing.salt, nextCursor, ruleBook, settings.discountBase.includeTax, tiers.length, allowances);
}

/** The restaurant's regulars from the system it leaves: checked first, then imported. */
export async function importRegulars(regulars: Regulars): Promise<void> {
  const content = 'external_id,first_name,last_name,points\nold-1,Ola,Nordmann,120\n';
  const checked = await regulars.call('post', '/imports', { body: { kind: 'customers', fileName: 'old.csv', content, balances: [{ accountType: 'points', column: 'points' }], dryRun: true } });
  if (!checked.ok) throw refused(checked);
  for (const { line, problems } of checked.body.refused) console.log(line, problems.join('; '));
  const columns = { externalId: 'external_id', firstName: 'first_name', lastName: 'last_name' };
  const done = await regulars.call('post', '/imports', { body: { kind: 'customers', fileName: 'old.csv', content, columns, firstLine: 1, balances: [{ accountType: 'points', column: 'points' }], dryRun: false } });
  console.log(done.ok && done.body.created, done.ok && done.body.cardsHeldElsewhere.map((held) => held.holder.displayName));
  const saved = await regulars.call('get', '/imports/mappings/{kind}', { path: { kind: 'customers' } });
  if (saved.ok) console.log(saved.body.saved, saved.body.columns.externalId, saved.body.balances.map((balance) => balance.column));
}

/** The referral programme, a regular's code, and a new guest brought with it. */
export async function referGuests(regulars: Regulars, regularId: string, newGuestId: string): Promise<void> {
  await regulars.call('put', '/referral-program', { body: { enabled: true, minimumNet: 3000, referrerAccountTypeCode: 'points', referrerAmount: 500, refereeAccountTypeCode: 'points', refereeAmount: 300 } });
  const program = await regulars.call('get', '/referral-program', {});
  const own = await regulars.call('get', '/customers/{customerId}/referrals', { path: { customerId: regularId } });
  if (!own.ok) throw refused(own);
  const brought = await regulars.call('post', '/referrals', { idempotencyKey: 'referral-new-guest', body: { customerId: newGuestId, code: own.body.code } });
  console.log(program.ok && program.body.enabled, brought.ok ? brought.body.status : brought.refusal.code);
}

/** The restaurant's own settings: tiers, settings, jobs, statistics, the purge on uninstall. */
export async function runTheRestaurant(regulars: Regulars): Promise<void> {
  const gold = await regulars.call('post', '/tiers', { idempotencyKey: 'tier-gold', body: { code: 'GOLD', name: 'Gold, 10% off', rank: 1, metric: 'spent', threshold: 100_000, windowDays: 365, categories: ['GOLD_10'] } });
  const tiers = await regulars.call('get', '/tiers', {});
  if (gold.ok) await regulars.call('patch', '/tiers/{id}', { path: { id: gold.body.id }, body: { windowDays: null } });
  const tierSettings = await regulars.call('put', '/tier-settings', { body: { downgradeEnabled: true, downgradePeriodDays: 90, downgradeTargetTierCode: null } });
  await regulars.call('get', '/tier-settings', {});

  const settings = await regulars.call('put', '/settings', { body: { defaultCountry: 'SE', accrueOnBonusPayments: false } });
  const current = await regulars.call('get', '/settings', {});

  const jobs = await regulars.call('get', '/jobs', {});
  const run = await regulars.call('post', '/jobs/{job}/runs', { path: { job: 'tiers' } });
  const runs = await regulars.call('get', '/jobs/{job}/runs', { path: { job: 'tiers' }, query: { limit: 5 } });
  if (run.ok) console.log(run.body.status, run.body.outcome?.upgrades);

  const location = await regulars.call('get', '/locations/{locationId}/visits/stats', { path: { locationId: 'cafe-7' }, query: { period: 'month' } });
  const members = await regulars.call('get', '/reports/{report}', { path: { report: 'members' }, query: { from: '2026-11-01', to: '2026-11-30', locationId: 'cafe-7' } });
  if (members.ok) console.log(members.body.sections.map((section) => `${section.key}: ${section.rows.length} rows`));
  const purged = await regulars.call('post', '/tenant/purge-personal-data', { body: { confirmTenantId: 'brand-1', confirmation: 'ERASE ALL PERSONAL DATA' } });
  console.log(tiers.ok && tiers.body.map((tier) => tier.code), tierSettings.ok && tierSettings.body.downgradeEnabled, settings.ok && settings.body.defaultCountry);
  console.log(current.ok && current.body.effectiveDefaultCountry, jobs.ok && jobs.body.map((job) => job.lastRun?.status), runs.ok && runs.body.length);
  console.log(location.ok && location.body, purged.ok && purged.body.customersErased);
}

/** The restaurant's CRM subscribes to the plugin's events; the manager looks after its deliveries. */
export async function subscribeTheCrm(regulars: Regulars): Promise<void> {
  const created = await regulars.call('post', '/webhooks', {
    idempotencyKey: 'crm-webhook',
    body: { url: 'https://crm.example.com/hooks/regulars', eventTypes: ['tier.changed', 'points.expiring'], description: 'CRM' },
  });
  if (!created.ok) {
    if (created.status === 422) console.log('the CRM must be reachable at a public address:', created.refusal.message);
    throw refused(created);
  }
  const { id, secret } = created.body;
  const all = await regulars.call('get', '/webhooks', {});
  const one = await regulars.call('get', '/webhooks/{id}', { path: { id } });
  const paused = await regulars.call('patch', '/webhooks/{id}', { path: { id }, body: { active: false, description: null } });
  const rotated = await regulars.call('post', '/webhooks/{id}/rotate-secret', { path: { id } });
  const tested = await regulars.call('post', '/webhooks/{id}/test', { path: { id } });
  const dead = await regulars.call('get', '/webhooks/{id}/deliveries', { path: { id }, query: { status: 'dead', limit: 20 } });
  if (dead.ok) {
    for (const delivery of dead.body.items) {
      const retried = await regulars.call('post', '/webhooks/deliveries/{id}/retry', { path: { id: delivery.id } });
      if (retried.ok) console.log(delivery.eventType, delivery.attempts, delivery.lastStatusCode, delivery.lastError, retried.body.nextAttemptAt);
    }
  }
  await regulars.call('delete', '/webhooks/{id}', { path: { id } });
  // The host's brokers and the guests' messages keep delivery logs of their own, read by the target's id.
  const targets = await regulars.call('get', '/webhooks/targets', {});
  if (targets.ok) {
    for (const target of targets.body) {
      const deadThere = await regulars.call('get', '/webhooks/{id}/deliveries', { path: { id: target.id }, query: { status: 'dead', limit: 20 } });
      if (deadThere.ok) console.log(target.kind, deadThere.body.items.length);
    }
  }
  console.log(secret, all.ok && all.body.length, one.ok && one.body.eventTypes, paused.ok && paused.body.active, rotated.ok && rotated.body.secret, tested.ok && tested.body.eventId);
}

/** The embedded pages ask for their session with the cookie the sign-in set, and sign out with its CSRF token. */
export async function pageSession(regulars: Regulars, cookie: string): Promise<void> {
  const session = await regulars.call('get', '/ui/session', { headers: { cookie } });
  if (!session.ok) throw refused(session);
  await regulars.call('delete', '/ui/session', { headers: { cookie, 'x-regulars-csrf': session.body.csrfToken } });
  console.log(session.body.actor.permissions, session.body.locale, session.body.timeZone);
}

/** The manager writes the restaurant's own words for the guests' messages, previews them and sets the quiet hours. */
export async function writeTheMessages(regulars: Regulars, customerId: string): Promise<void> {
  const all = await regulars.call('get', '/messages/templates', {});
  const path = { kind: 'points.expiring' as const, language: 'sv' as const };
  const one = await regulars.call('get', '/messages/templates/{kind}/{language}', { path });
  const own = await regulars.call('put', '/messages/templates/{kind}/{language}', { path, body: { subject: '{{name}}, dina poäng går ut', body: '{{amount}} går ut {{expiryDate}}.' } });
  if (!own.ok && own.status === 400) console.log('not a placeholder of this kind:', own.refusal.message);
  const preview = await regulars.call('post', '/messages/preview', { body: { kind: 'tier.changed', customerId } });
  const standard = await regulars.call('delete', '/messages/templates/{kind}/{language}', { path });
  const settings = await regulars.call('get', '/messages/settings', {});
  const quiet = await regulars.call('put', '/messages/settings', { body: { quietHours: { from: '22:00', until: '09:00' } } });
  console.log(all.ok && all.body.length, one.ok && one.body.custom, preview.ok && preview.body.text, standard.ok && standard.body.subject);
  console.log(settings.ok && settings.body.channel, quiet.ok && quiet.body.quietHours?.from);
}
