import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { newId } from '../../common/ids.js';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, signRequest } from '../../common/security/signature.js';
import type { OutgoingEvent } from '../../contract/events-out.js';
import { BrokerPublisher, type BrokerTarget } from '../brokers/broker-publisher.js';
import { GUEST_MESSAGES_TARGET, GuestMessageRelay, type MessageOutcome } from '../guest-messages/guest-message-relay.js';
import { Outbox } from '../outbox/outbox.service.js';
import type { WebhookDelivery } from './entities/webhook-delivery.entity.js';
import type { WebhookSubscription } from './entities/webhook-subscription.entity.js';
import { failed, WebhookSender, type AttemptOutcome } from './webhook-sender.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** Events of a tenant fanned out per transaction. */
const FAN_OUT_BATCH = 100;
/** Backoff after a failed attempt: 10 s, doubling, at most an hour, fully jittered. */
const FIRST_RETRY_MS = 10_000;
const LONGEST_RETRY_MS = 3_600_000;

/** A delivery claimed for sending, with what it sends and where: a webhook subscription, one of the host's brokers, or the guest's message. */
interface Sending {
  delivery: WebhookDelivery;
  leasedUntil: Date;
  event: OutgoingEvent;
  target: WebhookSubscription | BrokerTarget | typeof GUEST_MESSAGES_TARGET;
}

/** An attempt made under a lease, and what it makes of the delivery. */
interface Attempted {
  delivery: WebhookDelivery;
  leasedUntil: Date;
  attemptedAt: Date;
  after: Partial<WebhookDelivery>;
}

/**
 * Sends the outbox to the webhook subscribers and the host's brokers, in every instance that
 * runs it, sharing nothing with the till's requests but the database:
 *
 * 1. Fan-out: in a transaction, claims a tenant's oldest events not fanned out (skipping
 *    rows another instance holds), makes one delivery per subscription that wants each and
 *    one per configured broker (a broker is a subscriber of every event but a webhook test,
 *    its deliveries under its BROKER_TARGETS id), and marks them fanned out.
 * 2. Delivery: in a short transaction, leases the due deliveries — of each subscription and
 *    guest only the oldest pending one, so a subscriber gets a guest's events in order —,
 *    then POSTs or publishes each outside any transaction, at most `concurrency` at once,
 *    each bounded by its timeout; the next round writes the outcomes of the attempts ended
 *    meanwhile, together: delivered (a 2xx, a broker's confirm), or the next attempt after
 *    a jittered backoff until retryForHours after the first, then dead. A delivery that
 *    gets through after failing makes the rest of its subscriber's backed-off deliveries due
 *    at once: the backlog of an outage drains as soon as the subscriber is back. A crash
 *    between the sending and the outcome leaves the lease to run out: the delivery is sent
 *    again (at least once).
 *
 * Times come from the options' clock, so tests move them; `drain()` runs it by hand.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Regulars');
  private readonly inFlight = new Set<Promise<void>>();
  /** Deliveries claimed, each waiting for a slot to be sent in. */
  private readonly waiting: Sending[] = [];
  /** Attempts ended whose outcomes the next round writes. */
  private readonly attempted: Attempted[] = [];
  private readonly stopped = new AbortController();
  private running: Promise<void> | null = null;
  /** Where the next round starts among the tenants, so one tenant's backlog does not keep the others waiting. */
  private turn = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly repository: WebhooksRepository,
    private readonly sender: WebhookSender,
    private readonly brokers: BrokerPublisher,
    private readonly messages: GuestMessageRelay,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.relay) this.running = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped.abort();
    await this.running;
    await Promise.all(this.inFlight);
    await this.writeOutcomes();
    await this.release(this.waiting.splice(0));
    this.sender.close();
  }

  /** Sends everything there is to send now: rounds until one finds nothing to do, and nothing is in flight or left to write. */
  async drain(): Promise<void> {
    for (;;) {
      const busy = await this.round();
      if (!busy && this.inFlight.size === 0 && this.waiting.length === 0 && this.attempted.length === 0) return;
      if (this.idle(busy) && this.inFlight.size > 0) await Promise.race(this.inFlight);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      let busy = false;
      try {
        busy = await this.round();
      } catch (error) {
        this.logger.error(`webhook relay: ${(error as Error).message}`, (error as Error).stack);
      }
      if (this.idle(busy)) await this.pause();
    }
  }

  /**
   * Whether the relay should wait after a round (until a slot frees, the poll interval passes
   * or the plugin stops): not while there is work and room for it, nor while an attempt that
   * ended during the round has its outcome still to write.
   */
  private idle(busy: boolean): boolean {
    return (!busy || this.inFlight.size >= this.config.webhooks.concurrency) && this.attempted.length === 0;
  }

  /**
   * Until a delivery in flight ends, the poll interval passes or the plugin stops. The timer
   * and the stop listener go as soon as it ends: a busy relay pauses many times a second, and
   * a sleep left pending each time would pile up listeners on the stop signal.
   */
  private pause(): Promise<void> {
    const { signal } = this.stopped;
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', end);
        resolve();
      };
      const timer = setTimeout(end, this.config.webhooks.pollIntervalMs);
      signal.addEventListener('abort', end);
      if (signal.aborted) end();
      for (const attempt of this.inFlight) void attempt.then(end, end);
    });
  }

  /** The outcomes of attempts ended, one fan-out and one claim of due deliveries; answers whether any found something. */
  private async round(): Promise<boolean> {
    this.turn += 1;
    const written = await this.writeOutcomes();
    const fannedOut = await this.fanOut();
    const claimed = await this.startDue();
    return written + fannedOut + claimed > 0;
  }

  private async fanOut(): Promise<number> {
    let fannedOut = 0;
    for (const tenantId of this.inTurn(await this.outbox.tenantsToFanOut())) {
      fannedOut += await this.uow.transaction(async () => {
        const events = await this.outbox.claimToFanOut(tenantId, FAN_OUT_BATCH);
        if (events.length === 0) return 0;
        const subscriptions = await this.repository.subscriptionsOf(tenantId);
        const brokers = this.brokers.targets();
        const now = this.config.clock.now();
        await this.repository.insertDeliveries(
          events.flatMap((event) => [
            ...subscriptions.filter((subscription) => wants(subscription, event)).map((subscription) => deliveryOf(event, subscription.id, now)),
            ...(event.type === 'webhook.test' ? [] : brokers.map((broker) => deliveryOf(event, broker, now))),
            ...(this.messages.wants(event) ? [deliveryOf(event, GUEST_MESSAGES_TARGET, now)] : []),
          ]),
        );
        await this.outbox.markFannedOut(
          tenantId,
          events.map((event) => event.id),
        );
        return events.length;
      });
    }
    return fannedOut;
  }

  /**
   * When fewer than twice the slots' number of claimed deliveries wait, claims due ones up to
   * four times their number in all, and starts sending; answers how many it claimed. The
   * waiting ones start as soon as a slot frees, without waiting for the round's queries: the
   * slots stay busy while a round runs, and a claim serves several rounds of sending.
   */
  private async startDue(): Promise<number> {
    let claimed = 0;
    const { concurrency } = this.config.webhooks;
    if (this.waiting.length < 2 * concurrency) {
      for (const tenantId of this.inTurn(await this.repository.tenantsWithDueDeliveries(this.config.clock.now()))) {
        const room = 4 * concurrency - this.inFlight.size - this.waiting.length;
        if (room <= 0) break;
        const sendings = await this.uow.transaction(() => this.claim(tenantId, room));
        this.waiting.push(...sendings);
        claimed += sendings.length;
      }
    }
    this.startWaiting();
    return claimed;
  }

  /**
   * Fills the free slots from the deliveries claimed. One whose lease has less left than a
   * timeout and half the time to write its outcome is not sent: it goes again when the lease
   * runs out, so that a send can never outlive the lease it was claimed under.
   */
  private startWaiting(): void {
    const { concurrency, timeoutSeconds, leaseSeconds } = this.config.webhooks;
    const needed = (timeoutSeconds + (leaseSeconds - timeoutSeconds) / 2) * 1000;
    while (this.inFlight.size < concurrency && this.waiting.length > 0 && !this.stopped.signal.aborted) {
      const sending = this.waiting.shift()!;
      if (sending.leasedUntil.getTime() - this.config.clock.now().getTime() < needed) continue;
      const attempt: Promise<void> = this.send(sending)
        .catch((error: Error) => this.logger.error(`webhook delivery ${sending.delivery.id}: ${error.message}; it is sent again when its lease runs out`, error.stack))
        .finally(() => {
          this.inFlight.delete(attempt);
          this.startWaiting();
        });
      this.inFlight.add(attempt);
    }
  }

  private async claim(tenantId: string, limit: number): Promise<Sending[]> {
    const now = this.config.clock.now();
    const due = await this.repository.lockDueDeliveries(tenantId, now, limit);
    if (due.length === 0) return [];
    const leasedUntil = new Date(now.getTime() + this.config.webhooks.leaseSeconds * 1000);
    await this.repository.leaseDeliveries(
      tenantId,
      due.map((delivery) => delivery.id),
      leasedUntil,
    );
    const events = await this.outbox.events(
      tenantId,
      due.map((delivery) => delivery.eventId),
    );
    const subscriptions = new Map(
      (await this.repository.subscriptionsWithIds(tenantId, [...new Set(due.map((delivery) => delivery.subscriptionId))])).map((subscription) => [subscription.id, subscription]),
    );
    return due.map((delivery) => ({
      delivery,
      leasedUntil,
      event: events.get(delivery.eventId)!,
      target:
        this.brokers.isTarget(delivery.subscriptionId) || delivery.subscriptionId === GUEST_MESSAGES_TARGET ? delivery.subscriptionId : subscriptions.get(delivery.subscriptionId)!,
    }));
  }

  /** Gives back deliveries claimed and not sent, so that another instance sends them without waiting out their leases. */
  private async release(sendings: Sending[]): Promise<void> {
    for (const group of groupedBy(sendings, ({ delivery, leasedUntil }) => `${delivery.tenantId} ${leasedUntil.getTime()}`)) {
      const { delivery, leasedUntil } = group[0];
      await this.uow
        .transaction(() =>
          this.repository.releaseLeases(
            delivery.tenantId,
            group.map((sending) => sending.delivery.id),
            leasedUntil,
          ),
        )
        .catch((error: Error) => this.logger.warn(`webhook deliveries claimed and not sent stay leased until ${leasedUntil.toISOString()}: ${error.message}`));
    }
  }

  /** One attempt: the POST, the publish or the guest's message; its outcome is written with the others of the next round. */
  private async send({ delivery, leasedUntil, event, target }: Sending): Promise<void> {
    const attemptedAt = this.config.clock.now();
    const after =
      target === GUEST_MESSAGES_TARGET
        ? this.afterMessage(delivery, attemptedAt, await this.messages.handle(event))
        : this.afterAttempt(delivery, attemptedAt, typeof target === 'string' ? await this.publish(target, event) : await this.post(target, delivery, event, attemptedAt));
    this.attempted.push({ delivery, leasedUntil, attemptedAt, after });
  }

  /**
   * The outcomes of the attempts that ended since the last round, in one transaction: a
   * commit per delivery would bound the relay by the database's round trips rather than the
   * subscribers. Answers how many there were.
   */
  private async writeOutcomes(): Promise<number> {
    const attempted = this.attempted.splice(0);
    if (attempted.length === 0) return 0;
    // The common case, a first attempt delivered, is one statement per tenant and lease.
    const firsts = attempted.filter(({ delivery, after }) => delivery.attempts === 0 && after.status === 'delivered');
    const others = attempted.filter((attempt) => !firsts.includes(attempt));
    try {
      await this.uow.transaction(async () => {
        for (const group of groupedBy(firsts, ({ delivery, leasedUntil }) => `${delivery.tenantId} ${leasedUntil.getTime()}`)) {
          const { delivery, leasedUntil } = group[0];
          await this.repository.recordDelivered(
            delivery.tenantId,
            leasedUntil,
            group.map(({ delivery, attemptedAt, after }) => ({ id: delivery.id, at: attemptedAt, statusCode: after.lastStatusCode ?? null })),
          );
        }
        for (const { delivery, leasedUntil, attemptedAt, after } of others) {
          const written = await this.repository.recordAttempt(delivery.tenantId, delivery.id, leasedUntil, after);
          // The subscriber answers again after failing: what waits out a backoff for it goes now, not up to an hour later.
          if (written && delivery.attempts > 0 && after.status === 'delivered') await this.repository.bringForward(delivery.tenantId, delivery.subscriptionId, attemptedAt);
        }
      });
    } catch (error) {
      this.logger.warn(`the outcomes of ${attempted.length} webhook deliveries were not written (${(error as Error).message}); they are sent again when their leases run out`);
    }
    return attempted.length;
  }

  private post(subscription: WebhookSubscription, delivery: WebhookDelivery, event: OutgoingEvent, attemptedAt: Date): Promise<AttemptOutcome> {
    const body = JSON.stringify(event);
    return this.sender.send(subscription.url, body, {
      ...signRequest({ secret: subscription.secret, body, timestamp: Math.floor(attemptedAt.getTime() / 1000) }),
      [EVENT_ID_HEADER]: event.id,
      [EVENT_TYPE_HEADER]: event.type,
      [DELIVERY_ID_HEADER]: delivery.id,
    });
  }

  /** Delivered once the broker confirmed it; a broker down or refusing is a failed attempt, retried like a webhook's. */
  private async publish(broker: BrokerTarget, event: OutgoingEvent): Promise<AttemptOutcome> {
    try {
      await this.brokers.publish(broker, event);
      return { delivered: true, statusCode: null, error: null };
    } catch (error) {
      return failed(null, (error as Error).message);
    }
  }

  /** The delivery after an attempt: delivered, due again after a backoff, or dead once its retries have run out. */
  private afterAttempt(delivery: WebhookDelivery, attemptedAt: Date, outcome: AttemptOutcome): Partial<WebhookDelivery> {
    const firstAttemptAt = delivery.firstAttemptAt ?? attemptedAt;
    const attempts = delivery.attempts + 1;
    const answer = { attempts, firstAttemptAt, lastStatusCode: outcome.statusCode, lastError: outcome.error };
    if (outcome.delivered) return { ...answer, status: 'delivered', deliveredAt: attemptedAt };
    const giveUpAt = firstAttemptAt.getTime() + this.config.webhooks.retryForHours * 3_600_000;
    if (attemptedAt.getTime() >= giveUpAt) return { ...answer, status: 'dead' };
    const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
    // Full jitter spreads the retries of many deliveries to one receiver that came back; at least a second apart.
    const backoff = Math.max(1000, Math.random() * ceiling);
    return { ...answer, status: 'pending', nextAttemptAt: new Date(Math.min(attemptedAt.getTime() + backoff, giveUpAt)) };
  }

  /**
   * A message not to be sent (no consent, no contact) is skipped for good; one due in the
   * tenant's quiet hours waits for their end without counting as an attempt.
   */
  private afterMessage(delivery: WebhookDelivery, attemptedAt: Date, handled: MessageOutcome): Partial<WebhookDelivery> {
    switch (handled.outcome) {
      case 'sent':
        return this.afterAttempt(delivery, attemptedAt, { delivered: true, statusCode: null, error: null });
      case 'failed':
        return this.afterAttempt(delivery, attemptedAt, failed(null, handled.error));
      case 'skipped':
        return { status: 'skipped', attempts: delivery.attempts + 1, firstAttemptAt: delivery.firstAttemptAt ?? attemptedAt, lastStatusCode: null, lastError: `skipped: ${handled.reason}` };
      case 'deferred':
        return { status: 'pending', nextAttemptAt: handled.until, lastError: `quiet hours until ${handled.until.toISOString()}` };
    }
  }

  private inTurn(tenants: string[]): string[] {
    const start = tenants.length === 0 ? 0 : this.turn % tenants.length;
    return [...tenants.slice(start), ...tenants.slice(0, start)];
  }
}

/** Whether a subscription gets an event: a test goes to the subscription it names, anything else to the active ones that ask for its type. */
function wants(subscription: WebhookSubscription, event: OutgoingEvent): boolean {
  if (event.type === 'webhook.test') return (event as OutgoingEvent<'webhook.test'>).data.subscriptionId === subscription.id;
  return subscription.active && (subscription.eventTypes.includes('*') || subscription.eventTypes.includes(event.type));
}

function deliveryOf(event: OutgoingEvent, subscriptionId: string, now: Date): WebhookDelivery {
  return {
    tenantId: event.tenantId,
    id: newId('wd', now),
    subscriptionId,
    eventId: event.id,
    eventType: event.type,
    customerId: event.customerId,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leasedUntil: null,
    lastStatusCode: null,
    lastError: null,
    firstAttemptAt: null,
    deliveredAt: null,
    createdAt: now,
  };
}

/** The items in groups of equal key, each group in the order given. */
function groupedBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}
