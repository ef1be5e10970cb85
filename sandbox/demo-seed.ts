import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EventResult, GuestTabEvent, RejectedEvent } from '../src/index.js';
import { TabStore } from './pos/tab-store.js';

/**
 * Demo data, sent on every start through the event-emitter transport. The event ids are
 * fixed, so the plugin's inbox turns every start after the first into duplicates: the
 * seed is idempotent for the same reason a host's retries are.
 */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger('Sandbox');

  constructor(
    private readonly tabs: TabStore,
    private readonly emitter: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const answers: (EventResult | RejectedEvent)[] = [];
    const send = async (event: GuestTabEvent) => {
      const [answer] = (await this.emitter.emitAsync(event.type, event)) as (EventResult | RejectedEvent)[];
      answers.push(answer);
    };

    const lunch = this.tabs.open('t-4', 2, 'demo-lunch');
    await send(this.tabs.event(lunch, 'guest_tab.opened', 'demo-lunch-1'));
    this.tabs.addItem(lunch.id, 'p-caesar', 1);
    this.tabs.addItem(lunch.id, 'p-risotto', 1);
    await send(this.tabs.event(this.tabs.addItem(lunch.id, 'p-house-red', 2), 'guest_tab.updated', 'demo-lunch-2'));
    await send(this.tabs.event(this.tabs.attachCard(lunch.id, 'barcode_card', '2000000000017'), 'guest_tab.customer_attached', 'demo-lunch-3'));
    await send(this.tabs.event(this.tabs.precheck(lunch.id), 'guest_tab.prechecked', 'demo-lunch-4'));
    await send(this.tabs.event(this.tabs.close(lunch.id), 'guest_tab.closed', 'demo-lunch-5'));

    const coffee = this.tabs.open('bar-1', 1, 'demo-coffee');
    await send(this.tabs.event(coffee, 'guest_tab.opened', 'demo-coffee-1'));
    await send(this.tabs.event(this.tabs.addItem(coffee.id, 'p-cappuccino', 1), 'guest_tab.updated', 'demo-coffee-2'));

    const count = (status: string) => answers.filter((answer) => answer.status === status).length;
    const rejected = answers.filter((answer): answer is RejectedEvent => answer.status === 'rejected');
    for (const answer of rejected) this.logger.error(`demo event ${answer.eventId} was refused: ${JSON.stringify(answer.error)}`);
    this.logger.log(`demo data: ${count('applied')} events applied, ${count('duplicate')} already there from an earlier start`);
  }
}
