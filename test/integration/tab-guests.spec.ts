import { TEST_ENGINES } from '../support/databases.js';
import { tabEvent } from '../support/events.js';
import { createCustomer, MANAGER } from '../support/factories.js';
import { actorCall, freshKey, postEvent, startPlugin, type TestPlugin } from '../support/plugin.js';
import { balanceOf, barcode, enrolRegular, setUpRestaurant, TILL, visitsOf, type Regular } from '../support/restaurant.js';

const line = (id: string, amount: number, extra: Record<string, unknown> = {}) => ({ id, productId: `p-${id}`, productGroupIds: [], tags: [], quantity: 1, amount, taxAmount: 0, categories: [], ...extra });
const order = (...items: object[]) => [{ id: 'o-1', categories: [], items }];

describe.each(TEST_ENGINES)('several guests at one tab, split and merged bills (%s)', (engine) => {
  let plugin: TestPlugin;
  const manage = (method: 'post' | 'get' | 'put', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const hold = (tabId: string, accountId: string, amount: number) =>
    actorCall(plugin.app, 'post', '/terminal/bonus-holds', TILL, { tabId, accountId, amount, idempotencyKey: `${tabId}:${accountId}:${amount}` });
  const points = async (guest: Regular) => (await balanceOf(plugin.app, guest.pointsAccountId)).total;

  /** A guest outside the REGULARS category: no discount, no points rule, but a points purse. */
  async function enrolPlain(): Promise<Regular> {
    const customer = await createCustomer(plugin.app);
    const pts = (await manage('post', `/customers/${customer.id}/accounts`, { accountTypeCode: 'points' }).expect(201)).body;
    const purse = (await manage('post', `/customers/${customer.id}/accounts`, { accountTypeCode: 'bonus' }).expect(201)).body;
    return { id: customer.id, card: '', pointsAccountId: pts.id, bonusAccountId: purse.id };
  }

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    plugin.clock.current = new Date('2026-11-22T20:00:00Z');
    await setUpRestaurant(plugin.app);
  }, 60_000);
  afterAll(() => plugin.close());

  it('prices, pays, earns and records each guest on their own lines and share of the shared ones', async () => {
    const anna = await enrolRegular(plugin.app, '8100000001', 2000);
    const ben = await enrolPlain();
    const guests = [
      { ref: 'seat-1', ...barcode(anna.card) },
      { ref: 'seat-2', customerId: ben.id },
    ];
    const items = order(line('wine', 1200, { guestRef: 'seat-1' }), line('risotto', 1850, { guestRef: 'seat-2' }), line('bread', 300));
    const attached = (await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'couple', version: 1, tab: { guests, orders: items } })).expect(200)).body;
    expect(attached.cards.map((entry: { guestRef: string; card: { id: string } }) => [entry.guestRef, entry.card.id])).toEqual([
      ['seat-1', anna.id],
      ['seat-2', ben.id],
    ]);
    expect(attached.effects.filter((effect: { kind: string }) => effect.kind === 'visit').map((effect: { customerId: string }) => effect.customerId)).toEqual([anna.id, ben.id]);

    // Anna pays 5.00 with her bonus; a purse of nobody at the table pays nothing.
    const annasHold = (await hold('couple', anna.bonusAccountId, 500).expect(201)).body;
    expect((await hold('couple', (await enrolPlain()).bonusAccountId, 100)).status).toBe(422);

    // The till prints one bill: each line once, each guest's part priced for them.
    const snapshot = tabEvent('guest_tab.updated', { tabId: 'couple', version: 2, tab: { guests, orders: items, payments: [{ method: 'bonus', amount: 500, holdId: annasHold.holdId }] } }).tab;
    const priced = (await actorCall(plugin.app, 'post', '/terminal/evaluate', TILL, { tab: snapshot }).expect(200)).body;
    expect(priced.totals).toMatchObject({ before: 3350, discount: 135, after: 3215 });
    expect(priced.lines.find((entry: { lineId: string }) => entry.lineId === 'bread')).toMatchObject({ amount: 300, discountTotal: 15, amountAfter: 285 });
    expect(priced.guests.map((guest: { guestRef: string; evaluation: { customerId: string; totals: { after: number }; accrual: { points: number }[] } }) => [guest.guestRef, guest.evaluation.customerId, guest.evaluation.totals.after, guest.evaluation.accrual[0]?.points ?? 0])).toEqual([
      ['seat-1', anna.id, 1215, 72],
      ['seat-2', ben.id, 2000, 0],
    ]);

    const closed = await postEvent(
      plugin.app,
      tabEvent('guest_tab.closed', {
        tabId: 'couple',
        version: 2,
        tab: { status: 'closed', closedAt: '2026-11-22T19:00:00Z', guests, orders: items, payments: [{ method: 'bonus', amount: 500, holdId: annasHold.holdId }, { method: 'card', amount: 2700 }] },
      }),
    ).expect(200);
    expect(closed.body.effects).toContainEqual(expect.objectContaining({ kind: 'hold_captured', id: annasHold.holdId, amount: 500 }));

    // Anna: wine 12.00 and half the bread 1.50, 10% off = 12.15; she earns 10% on the 7.15 she paid with money.
    const [annasVisit] = await visitsOf(plugin.app, anna.id);
    expect(annasVisit).toMatchObject({ tabId: 'couple~seat-1', gross: 1350, discount: 135, net: 1215, bonusPaid: 500 });
    expect(await points(anna)).toBe(72);
    expect((await balanceOf(plugin.app, anna.bonusAccountId)).total).toBe(1500);
    // Ben is not a regular: the risotto and his half of the bread at full price, nothing earned.
    const [bensVisit] = await visitsOf(plugin.app, ben.id);
    expect(bensVisit).toMatchObject({ tabId: 'couple~seat-2', gross: 2000, discount: 0, net: 2000 });
    expect(await points(ben)).toBe(0);

    const record = (await manage('get', '/guest-tabs/couple').expect(200)).body;
    expect(record.visits.map((visit: { customerId: string }) => visit.customerId).sort()).toEqual([anna.id, ben.id].sort());

    // The bread comes back: each guest's part takes back half the refund, Anna's points in proportion to her 12.15.
    await postEvent(
      plugin.app,
      tabEvent('guest_tab.refunded', { tabId: 'couple', version: 3, tab: { status: 'closed', guests, orders: items }, refundedItems: [{ itemId: 'bread', quantity: 1, amount: 300 }] }),
    ).expect(200);
    expect((await visitsOf(plugin.app, anna.id))[0]).toMatchObject({ refunded: 150 });
    expect((await visitsOf(plugin.app, ben.id))[0]).toMatchObject({ refunded: 150 });
    expect(await points(anna)).toBe(72 - 9);
  });

  it('splits a shared line by stated shares, and refuses lines naming no guest of the tab', async () => {
    const anna = await enrolRegular(plugin.app, '8100000002');
    const ben = await enrolRegular(plugin.app, '8100000003');
    const guests = [
      { ref: 'a', customerId: anna.id },
      { ref: 'b', customerId: ben.id },
    ];
    const bottle = line('bottle', 3000, { shares: [{ guestRef: 'a', weight: 1 }, { guestRef: 'b', weight: 2 }] });
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'bottle', version: 1, tab: { status: 'closed', guests, orders: order(bottle) } })).expect(200);
    expect((await visitsOf(plugin.app, anna.id))[0]).toMatchObject({ gross: 1000, net: 900 });
    expect((await visitsOf(plugin.app, ben.id))[0]).toMatchObject({ gross: 2000, net: 1800 });

    const refused = await postEvent(plugin.app, tabEvent('guest_tab.updated', { tabId: 'bad-ref', tab: { guests, orders: order(line('x', 100, { guestRef: 'c' })) } })).expect(400);
    expect(JSON.stringify(refused.body)).toContain('tab.orders[0].items[0].guestRef');
    const both = await postEvent(plugin.app, tabEvent('guest_tab.updated', { tabId: 'bad-both', tab: { guests, customer: { customerId: anna.id } } })).expect(400);
    expect(JSON.stringify(both.body)).toContain('tab.guests');
  });

  it('seats a second guest at a tab of one: the first keeps her visit, on her part, and is not recognised twice', async () => {
    const anna = await enrolRegular(plugin.app, '8100000009');
    const ben = await enrolRegular(plugin.app, '8100000010');
    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'two-later', version: 1, tab: { customer: barcode(anna.card) } })).expect(200);
    const guests = [
      { ref: '1', ...barcode(anna.card) },
      { ref: '2', ...barcode(ben.card) },
    ];
    const seated = (await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'two-later', version: 2, tab: { guests } })).expect(200)).body;
    expect(seated.cards.map((entry: { guestRef: string }) => entry.guestRef)).toEqual(['2']);
    expect(seated.effects).toContainEqual(expect.objectContaining({ kind: 'visit_moved', from: 'two-later', to: 'two-later~1' }));
    const visits = (await manage('get', '/guest-tabs/two-later').expect(200)).body.visits.map((visit: { tabId: string; status: string; customerId: string }) => [visit.tabId, visit.customerId, visit.status]);
    expect(visits.sort()).toEqual([
      ['two-later~1', anna.id, 'open'],
      ['two-later~2', ben.id, 'open'],
    ]);
  });

  it('detaches one guest alone: their hold goes back and their visit is cancelled, the other stays', async () => {
    const anna = await enrolRegular(plugin.app, '8100000004', 1000);
    const ben = await enrolRegular(plugin.app, '8100000005', 1000);
    const both = [
      { ref: '1', customerId: anna.id },
      { ref: '2', customerId: ben.id },
    ];
    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'leaving', version: 1, tab: { guests: both } })).expect(200);
    const bensHold = (await hold('leaving', ben.bonusAccountId, 400).expect(201)).body;
    expect((await balanceOf(plugin.app, ben.bonusAccountId)).held).toBe(400);

    const detached = (await postEvent(plugin.app, tabEvent('guest_tab.customer_detached', { tabId: 'leaving', version: 2, tab: { guests: [both[0]] } })).expect(200)).body;
    expect(detached.effects).toContainEqual(expect.objectContaining({ kind: 'hold_released', id: bensHold.holdId }));
    expect(await balanceOf(plugin.app, ben.bonusAccountId)).toMatchObject({ held: 0, total: 1000 });
    const visits = (await manage('get', '/guest-tabs/leaving').expect(200)).body.visits.map((visit: { customerId: string; status: string; tabId: string }) => [visit.customerId, visit.tabId, visit.status]);
    expect(visits).toEqual(expect.arrayContaining([[anna.id, 'leaving~1', 'open']]));
    expect((await manage('get', '/guest-tabs/leaving~2').expect(200)).body.visits).toEqual([expect.objectContaining({ customerId: ben.id, status: 'cancelled' })]);
  });

  it('a split bill earns what the bill closed as one would, and its tabs’ lines count once', async () => {
    const whole = await enrolRegular(plugin.app, '8100000006');
    const split = await enrolRegular(plugin.app, '8100000007', 1000);
    const lines = [line('l1', 1234), line('l2', 999), line('l3', 777), line('l4', 501)];
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'one-bill', version: 1, tab: { status: 'closed', customer: { customerId: whole.id }, orders: order(...lines) } })).expect(200);

    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'big', version: 1, tab: { customer: { customerId: split.id }, orders: order(...lines) } })).expect(200);
    const splitEvent = tabEvent('guest_tab.split', {
      tabId: 'big',
      version: 2,
      tab: { customer: { customerId: split.id }, orders: order(lines[0], lines[1]) },
      parts: [tabEvent('guest_tab.opened', { tabId: 'big-2', version: 1, tab: { customer: { customerId: split.id }, orders: order(lines[2], lines[3]) } }).tab],
    });
    const answer = (await postEvent(plugin.app, splitEvent).expect(200)).body;
    expect(answer.effects).toContainEqual(expect.objectContaining({ kind: 'tab', id: 'big-2', splitFrom: 'big' }));
    await postEvent(plugin.app, { ...splitEvent, id: 'split-again' }).expect(200);

    for (const [tabId, items] of [
      ['big-2', [lines[2], lines[3]]],
      ['big', [lines[0], lines[1]]],
    ] as const) {
      await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId, version: 5, tab: { status: 'closed', customer: { customerId: split.id }, orders: order(...items) } })).expect(200);
    }
    expect(await points(split)).toBe(await points(whole));
    expect((await visitsOf(plugin.app, split.id)).map((visit) => visit.tabId).sort()).toEqual(['big', 'big-2']);
    const record = (await manage('get', '/guest-tabs/big-2').expect(200)).body;
    expect(record.tab.billId).toBe('big');
    expect(record.bill.map((tab: { id: string }) => tab.id)).toEqual(['big', 'big-2']);
  });

  it('a bonus payment the host moves to the new tab takes its hold with it, and that tab’s close captures it', async () => {
    const guest = await enrolRegular(plugin.app, '8100000011', 1000);
    const customer = { customerId: guest.id };
    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'lunch', version: 1, tab: { customer, orders: order(line('soup', 900), line('cake', 600)) } })).expect(200);
    const bonus = (await hold('lunch', guest.bonusAccountId, 300).expect(201)).body;
    const payments = [{ method: 'bonus', amount: 300, holdId: bonus.holdId }];
    const part = tabEvent('guest_tab.opened', { tabId: 'lunch-cake', version: 1, tab: { customer, orders: order(line('cake', 600)), payments } }).tab;
    const split = (await postEvent(plugin.app, tabEvent('guest_tab.split', { tabId: 'lunch', version: 2, tab: { customer, orders: order(line('soup', 900)) }, parts: [part] })).expect(200)).body;
    expect(split.effects).toContainEqual(expect.objectContaining({ kind: 'hold_moved', id: bonus.holdId, from: 'lunch', to: 'lunch-cake' }));
    const closed = (await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'lunch-cake', version: 2, tab: { ...part, status: 'closed' } })).expect(200)).body;
    expect(closed.effects).toContainEqual(expect.objectContaining({ kind: 'hold_captured', id: bonus.holdId, amount: 300 }));
    expect(await balanceOf(plugin.app, guest.bonusAccountId)).toMatchObject({ total: 700, held: 0 });
  });

  it('a guest of two who pays apart takes their hold and visit to the new tab', async () => {
    const anna = await enrolRegular(plugin.app, '8100000012', 1000);
    const ben = await enrolRegular(plugin.app, '8100000013', 1000);
    const both = [
      { ref: '1', customerId: anna.id },
      { ref: '2', customerId: ben.id },
    ];
    const items = [line('pasta', 1500, { guestRef: '1' }), line('burger', 1700, { guestRef: '2' })];
    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'pair', version: 1, tab: { guests: both, orders: order(...items) } })).expect(200);
    const bensHold = (await hold('pair', ben.bonusAccountId, 500).expect(201)).body;
    const bensTab = tabEvent('guest_tab.opened', { tabId: 'pair-ben', version: 1, tab: { customer: { customerId: ben.id }, orders: order(line('burger', 1700)), payments: [{ method: 'bonus', amount: 500, holdId: bensHold.holdId }] } }).tab;
    const split = (await postEvent(plugin.app, tabEvent('guest_tab.split', { tabId: 'pair', version: 2, tab: { guests: [both[0]], orders: order(line('pasta', 1500, { guestRef: '1' })) }, parts: [bensTab] })).expect(200)).body;
    expect(split.effects).toContainEqual(expect.objectContaining({ kind: 'hold_moved', id: bensHold.holdId, to: 'pair-ben' }));
    expect(split.effects).toContainEqual(expect.objectContaining({ kind: 'visit_moved', from: 'pair~2', to: 'pair-ben' }));
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'pair-ben', version: 2, tab: { ...bensTab, status: 'closed' } })).expect(200);
    await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'pair', version: 3, tab: { status: 'closed', guests: [both[0]], orders: order(line('pasta', 1500, { guestRef: '1' })) } })).expect(200);
    expect((await visitsOf(plugin.app, ben.id)).map((visit) => [visit.tabId, visit.gross, visit.bonusPaid])).toEqual([['pair-ben', 1700, 500]]);
    expect((await visitsOf(plugin.app, anna.id)).map((visit) => [visit.tabId, visit.gross])).toEqual([['pair~1', 1500]]);
    expect(await balanceOf(plugin.app, ben.bonusAccountId)).toMatchObject({ total: 500, held: 0 });
  });

  it('merges tabs: holds move to the tab that stays, the merged tab takes no more events, and its lines count once', async () => {
    const guest = await enrolRegular(plugin.app, '8100000008', 1000);
    const customer = { customerId: guest.id };
    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'bar', version: 1, tab: { customer, orders: order(line('beer', 600)) } })).expect(200);
    await postEvent(plugin.app, tabEvent('guest_tab.customer_attached', { tabId: 'table', version: 1, tab: { customer, orders: order(line('steak', 2400)) } })).expect(200);
    const barHold = (await hold('bar', guest.bonusAccountId, 300).expect(201)).body;

    const merged = (
      await postEvent(plugin.app, tabEvent('guest_tab.merged', { tabId: 'table', version: 2, tab: { customer, orders: order(line('steak', 2400), line('beer', 600)) }, mergedTabIds: ['bar'] })).expect(200)
    ).body;
    expect(merged.effects).toContainEqual(expect.objectContaining({ kind: 'hold_moved', id: barHold.holdId, from: 'bar', to: 'table' }));
    expect(merged.effects).toContainEqual(expect.objectContaining({ kind: 'tab', id: 'bar', status: 'merged' }));

    // The bar's till closes its tab late: the tab lives on in the table's, so nothing happens.
    const late = (await postEvent(plugin.app, tabEvent('guest_tab.closed', { tabId: 'bar', version: 9, tab: { status: 'closed', customer, orders: order(line('beer', 600)) } })).expect(200)).body;
    expect(late.status).toBe('stale');

    const closed = (
      await postEvent(
        plugin.app,
        tabEvent('guest_tab.closed', {
          tabId: 'table',
          version: 3,
          tab: { status: 'closed', customer, orders: order(line('steak', 2400), line('beer', 600)), payments: [{ method: 'bonus', amount: 300, holdId: barHold.holdId }] },
        }),
      ).expect(200)
    ).body;
    expect(closed.effects).toContainEqual(expect.objectContaining({ kind: 'hold_captured', id: barHold.holdId, amount: 300 }));
    expect((await visitsOf(plugin.app, guest.id)).filter((visit) => visit.status === 'closed').map((visit) => [visit.tabId, visit.net])).toEqual([['table', 2700]]);
    // 10% of the 24.00 paid with money.
    expect(await points(guest)).toBe(240);

    const closedTwice = await postEvent(plugin.app, tabEvent('guest_tab.merged', { tabId: 'other', version: 1, tab: { customer, orders: [] }, mergedTabIds: ['table'] })).expect(409);
    expect(JSON.stringify(closedTwice.body)).toContain('mergedTabIds');
  });
});
