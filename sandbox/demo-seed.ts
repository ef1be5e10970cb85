import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EventResult, GuestTabEvent, RejectedEvent } from '../src/index.js';
import { PluginClient } from './pos/plugin-client.js';
import { SANDBOX_CONFIG, type SandboxConfig } from './sandbox-config.js';
import { TabStore } from './pos/tab-store.js';
import { Till } from './pos/till.js';

interface Created {
  id: string;
}

/** A demo guest and the card or identifier the page offers to present for them. */
export interface DemoGuest {
  customerId: string;
  name: string;
  identifier: { type: 'barcode_card' | 'app' | 'phone'; value: string };
}

/**
 * Demo data, sent on every start exactly as a host would send it: customers and cards
 * over the signed management API with Idempotency-Keys, tab events through the
 * event-emitter transport with fixed ids. Every start after the first repeats the first
 * answers and changes nothing — the seed is idempotent for the same reasons a host's
 * retries are.
 */
@Injectable()
export class DemoSeed {
  private readonly logger = new Logger('Sandbox');
  guests: DemoGuest[] = [];

  constructor(
    private readonly tabs: TabStore,
    private readonly till: Till,
    private readonly emitter: EventEmitter2,
    private readonly plugin: PluginClient,
    @Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig,
  ) {}

  async run(): Promise<void> {
    // A till that loses the plugin may let each guest spend up to 20.00 of bonus from its offline pack.
    await this.plugin.expect('PUT', '/settings', { body: { defaultCountry: 'SE', offlineAllowance: 2000 } });
    const batch = await this.plugin.expect<{ values: string[] }>('POST', '/card-batches', {
      idempotencyKey: 'demo-card-batch',
      body: { name: 'Sandbox cards', type: 'barcode_card', prefix: '200', digits: 9, firstNumber: 1, lastNumber: 999_999, checkDigit: 'ean13', issue: 10 },
    });
    const [annaCard, erikCard] = batch.values;

    const anna = await this.customer('anna', {
      kind: 'individual',
      firstName: 'Anna',
      lastName: 'Berg',
      birthDate: '1988-04-17',
      preferences: { text: 'Oat milk in coffee, no coriander', tags: ['lactose-free'] },
      announcement: 'Prefers the window table',
      tags: ['vip'],
      marketingConsent: true,
      contacts: [
        { type: 'mobile', value: '070-123 45 67' },
        { type: 'email', value: 'anna.berg@example.se' },
      ],
    });
    await this.bind('anna', anna.id, { type: 'barcode_card', value: annaCard, entryMethod: 'scan' });

    const freight = await this.customer('nordic-freight', {
      kind: 'organisation',
      name: 'Nordic Freight AB',
      businessDomain: 'logistics',
      contactPerson: 'Erik Lund',
      contacts: [{ type: 'work_phone', value: '08-555 123 45' }],
    });
    const erik = await this.customer('erik', {
      kind: 'individual',
      firstName: 'Erik',
      lastName: 'Lund',
      organisationId: freight.id,
      contacts: [{ type: 'mobile', value: '073-555 66 77' }],
    });
    await this.bind('erik', erik.id, { type: 'barcode_card', value: erikCard, entryMethod: 'scan' });

    const mai = await this.customer('mai', {
      kind: 'individual',
      firstName: 'Mai',
      lastName: 'Nguyễn',
      room: '214',
      preferences: { text: 'Vegetarian', tags: ['vegetarian'] },
      contacts: [{ type: 'mobile', value: '+84 912 345 678' }],
    });
    await this.bind('mai', mai.id, { type: 'app', value: 'app-mai-nguyen', entryMethod: 'tap' });

    await this.promotions(anna.id, erik.id);
    await this.purses(anna.id, mai.id);

    this.guests = [
      { customerId: anna.id, name: 'Anna Berg', identifier: { type: 'barcode_card', value: annaCard } },
      { customerId: erik.id, name: 'Erik Lund (Nordic Freight AB)', identifier: { type: 'barcode_card', value: erikCard } },
      { customerId: mai.id, name: 'Mai Nguyễn, room 214', identifier: { type: 'app', value: 'app-mai-nguyen' } },
      { customerId: anna.id, name: 'Anna Berg calling', identifier: { type: 'phone', value: '0701234567' } },
    ];
    await this.tabEvents(annaCard);
  }

  /**
   * The café's promotions: a happy hour on drinks the POS puts on every tab, Anna's
   * regulars' 10% with points, and the freight company's corporate ceiling.
   */
  private async promotions(annaId: string, erikId: string): Promise<void> {
    const category = (code: string, name: string, description: string) =>
      this.plugin.expect('POST', '/promotion-categories', { idempotencyKey: `demo-category-${code}`, body: { code, name, description } });
    const rule = (key: string, body: object) => this.plugin.expect('POST', '/sales-rules', { idempotencyKey: `demo-rule-${key}`, body });
    const give = (customerId: string, categoryCode: string) =>
      this.plugin.expect('POST', `/customers/${customerId}/categories`, { idempotencyKey: `demo-give-${customerId}-${categoryCode}`, body: { categoryCode } });

    await category('HAPPY', 'Happy hour', '20% off drinks from 17:00 to 19:00');
    await rule('happy', {
      categoryCode: 'HAPPY',
      name: 'Happy hour 20% on drinks',
      stacking: 'best',
      scope: { productGroupIds: ['drinks'] },
      conditions: { timeFrom: '17:00', timeTo: '19:00' },
      effect: { kind: 'percent_off', percentBp: 2000 },
    });
    await category('REGULARS', 'Regulars', '10% off and 5 points per euro for our regulars');
    await rule('regulars-discount', { categoryCode: 'REGULARS', name: 'Regulars 10%', stacking: 'stack', effect: { kind: 'percent_off', percentBp: 1000 } });
    await rule('regulars-points', { categoryCode: 'REGULARS', name: 'Regulars points', effect: { kind: 'points_rate', accountType: 'points', rateBp: 500 } });
    await category('CORPORATE', 'Corporate account', 'Company guests: tab ceiling of 500 €');
    await rule('corporate-limit', { categoryCode: 'CORPORATE', name: 'Corporate ceiling', effect: { kind: 'tab_limit', amount: 50_000 } });
    await give(annaId, 'REGULARS');
    await give(erikId, 'CORPORATE');

    // Tiers on the last year's spend: Silver from 50 €, Gold (another 5% off) from 150 €.
    await category('GOLD', 'Gold guests', '5% more for our Gold guests');
    await rule('gold-discount', { categoryCode: 'GOLD', name: 'Gold 5%', stacking: 'stack', effect: { kind: 'percent_off', percentBp: 500 } });
    const tier = (code: string, body: object) => this.plugin.expect('POST', '/tiers', { idempotencyKey: `demo-tier-${code}`, body: { code, metric: 'spent', windowDays: 365, ...body } });
    await tier('SILVER', { name: 'Silver', rank: 1, threshold: 5_000 });
    await tier('GOLD', { name: 'Gold', rank: 2, threshold: 15_000, categories: ['GOLD'] });
  }

  /** Points, bonus money and gift cards, opening balances, a gift card sold, and a dessert to spend points on. */
  private async purses(annaId: string, maiId: string): Promise<void> {
    const type = (code: string, body: object) => this.plugin.expect('POST', '/account-types', { idempotencyKey: `demo-type-${code}`, body: { code, ...body } });
    await type('points', { name: 'Regulars points', kind: 'points', unit: 'points', roundingStep: 1, expiry: { kind: 'days_after_credit', days: 365 } });
    await type('bonus', { name: 'Bonus money', kind: 'bonus_money', unit: 'EUR', dailySpendLimit: 5000 });
    // Gift cards never expire: in many countries they may not.
    await type('gift', { name: 'Gift card', kind: 'gift_card', unit: 'EUR', expiry: { kind: 'never' } });
    await this.plugin.expect('POST', '/gift-cards', { idempotencyKey: 'demo-gift-card', body: { code: '4000 0000 0001', amount: 5000, saleId: 'demo-receipt-1' } });
    const open = (customerId: string, code: string) =>
      this.plugin.expect<Created>('POST', `/customers/${customerId}/accounts`, { body: { accountTypeCode: code } });
    const credit = (key: string, accountId: string, amount: number, reason: string) =>
      this.plugin.expect('POST', `/accounts/${accountId}/entries`, { idempotencyKey: `demo-credit-${key}`, body: { kind: 'manual_credit', amount, reason } });
    const annaPoints = await open(annaId, 'points');
    const annaBonus = await open(annaId, 'bonus');
    await credit('anna-points', annaPoints.id, 1200, 'Welcome points');
    await credit('anna-bonus', annaBonus.id, 1000, 'Birthday bonus');
    await credit('mai-points', (await open(maiId, 'points')).id, 300, 'Hotel guest welcome');
    await this.plugin.expect('PUT', '/birthday-benefit', { body: { enabled: true, accountTypeCode: 'points', amount: 500 } });
    await this.plugin.expect('POST', '/rewards', {
      idempotencyKey: 'demo-reward-dessert',
      body: { code: 'FREE_DESSERT', name: 'Tiramisu on the house', benefit: { kind: 'free_product', productId: 'p-tiramisu', productName: 'Tiramisu' }, accountTypeCode: 'points', price: 500 },
    });
  }

  private customer(key: string, body: object): Promise<Created> {
    return this.plugin.expect<Created>('POST', '/customers', { idempotencyKey: `demo-customer-${key}`, body: { ...body, allowDuplicate: true } });
  }

  private bind(key: string, customerId: string, identifier: object): Promise<Created> {
    return this.plugin.expect<Created>('POST', `/customers/${customerId}/identifiers`, { idempotencyKey: `demo-identifier-${key}`, body: identifier });
  }

  private async tabEvents(annaCard: string): Promise<void> {
    const answers: (EventResult | RejectedEvent)[] = [];
    const send = async (event: GuestTabEvent) => {
      const [answer] = (await this.emitter.emitAsync(event.type, event)) as (EventResult | RejectedEvent)[];
      answers.push(answer);
    };

    // Anna's earlier visits: lunches the café's POS closed weeks ago, sent now.
    const earlier: [string, number, [string, number][]][] = [
      ['demo-visit-1', 45, [['p-caesar', 1], ['p-tiramisu', 2]]],
      ['demo-visit-2', 20, [['p-risotto', 1], ['p-tiramisu', 1]]],
      ['demo-visit-3', 6, [['p-steak', 1], ['p-tiramisu', 1]]],
    ];
    for (const [id, daysAgo, items] of earlier) {
      const closedAt = new Date(this.config.clock.now().getTime() - daysAgo * 86_400_000);
      const tab = this.tabs.open('t-4', 2, id, new Date(closedAt.getTime() - 50 * 60_000));
      await send(this.tabs.event(tab, 'guest_tab.opened', { id: `${id}-1` }));
      for (const [productId, quantity] of items) this.tabs.addItem(id, productId, quantity);
      await send(this.tabs.event(this.tabs.attachCard(id, 'barcode_card', annaCard), 'guest_tab.customer_attached', { id: `${id}-2` }));
      await send(this.tabs.event(await this.till.printBill(id), 'guest_tab.prechecked', { id: `${id}-3` }));
      await send(this.tabs.event(await this.till.settle(id, closedAt), 'guest_tab.closed', { id: `${id}-4` }));
    }

    const lunch = this.tabs.open('t-4', 2, 'demo-lunch');
    await send(this.tabs.event(lunch, 'guest_tab.opened', { id: 'demo-lunch-1' }));
    this.tabs.addItem(lunch.id, 'p-caesar', 1);
    this.tabs.addItem(lunch.id, 'p-risotto', 1);
    await send(this.tabs.event(this.tabs.addItem(lunch.id, 'p-house-red', 2), 'guest_tab.updated', { id: 'demo-lunch-2' }));
    await send(this.tabs.event(this.tabs.attachCard(lunch.id, 'barcode_card', annaCard), 'guest_tab.customer_attached', { id: 'demo-lunch-3' }));
    await send(this.tabs.event(await this.till.printBill(lunch.id), 'guest_tab.prechecked', { id: 'demo-lunch-4' }));
    await send(this.tabs.event(await this.till.settle(lunch.id), 'guest_tab.closed', { id: 'demo-lunch-5' }));

    const coffee = this.tabs.open('bar-1', 1, 'demo-coffee');
    await send(this.tabs.event(coffee, 'guest_tab.opened', { id: 'demo-coffee-1' }));
    await send(this.tabs.event(this.tabs.addItem(coffee.id, 'p-cappuccino', 1), 'guest_tab.updated', { id: 'demo-coffee-2' }));

    const count = (status: string) => answers.filter((answer) => answer.status === status).length;
    for (const answer of answers.filter((a): a is RejectedEvent => a.status === 'rejected')) {
      this.logger.error(`demo event ${answer.eventId} was refused: ${JSON.stringify(answer.error)}`);
    }
    this.logger.log(
      `demo data: ${this.guests.length} guests with cards; ${count('applied')} tab events applied, ${count('duplicate')} already there from an earlier start`,
    );
  }
}
