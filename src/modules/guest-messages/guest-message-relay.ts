import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { OutgoingEvent } from '../../contract/events-out.js';
import { GUEST_MESSAGE_KINDS, type GuestMessage, type GuestMessageKind } from '../../common/guest-messages.js';
import { Outbox } from '../outbox/outbox.service.js';
import { GuestMessagesRepository } from './guest-messages.repository.js';
import { GuestMessagesService } from './guest-messages.service.js';
import { quietUntil } from './quiet-hours.js';
import { SmtpMailer } from './smtp-mailer.js';

/** The guest messages' delivery target beside the webhook subscriptions and brokers (`subscription_id` of its deliveries). */
export const GUEST_MESSAGES_TARGET = 'messages:guest';

/** Credits a guest hears of: what they earned and what a manager gave them; not the moves of money between purses. */
const TOLD_CREDITS = ['accrual', 'manual'];

/** What became of a fact's message: sent (now or before), skipped for good, deferred past quiet hours, or failed and to be retried. */
export type MessageOutcome = { outcome: 'sent' } | { outcome: 'skipped'; reason: string } | { outcome: 'deferred'; until: Date } | { outcome: 'failed'; error: string };

/**
 * The webhook relay's part for messages to guests: which facts owe one, and the handling of
 * one when its delivery is due — written for the guest and sent through the channel the
 * host chose, once per fact. Each sent fact is recorded under its event id: a handling
 * that finds it recorded sends nothing again. The webhook channel records the fact and its
 * `message.requested` event in one transaction, so that is exactly once; e-mail and the
 * host's messenger record it right after sending, so only a crash in between sends twice,
 * under the same message id.
 */
@Injectable()
export class GuestMessageRelay {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly messages: GuestMessagesService,
    private readonly repository: GuestMessagesRepository,
    private readonly outbox: Outbox,
    private readonly mailer: SmtpMailer,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Whether a fact owes its guest a message: a channel is configured, and it is a kind guests are told of. */
  wants(event: OutgoingEvent): boolean {
    if (!this.config.messages || !event.customerId || !(GUEST_MESSAGE_KINDS as readonly string[]).includes(event.type)) return false;
    if (event.type === 'account.credited') return TOLD_CREDITS.includes((event as OutgoingEvent<'account.credited'>).data.reason.kind);
    if (event.type === 'tier.changed') {
      const move = (event as OutgoingEvent<'tier.changed'>).data;
      return move.to !== null && move.reason !== 'terminated';
    }
    return true;
  }

  /** Never throws: whatever goes wrong is a failed attempt for the relay to retry. */
  async handle(event: OutgoingEvent): Promise<MessageOutcome> {
    try {
      if (await this.repository.wasSent(event.tenantId, event.id)) return { outcome: 'sent' };
      const message = await this.messages.compose(event as OutgoingEvent & { type: GuestMessageKind; customerId: string });
      if ('skipped' in message) return { outcome: 'skipped', reason: message.skipped };
      const until = quietUntil(this.config.clock.now(), await this.messages.quietHours(event.tenantId), this.config.timeZone);
      if (until) return { outcome: 'deferred', until };
      await this.send(message);
      return { outcome: 'sent' };
    } catch (error) {
      return { outcome: 'failed', error: (error as Error).message };
    }
  }

  private async send(message: GuestMessage): Promise<void> {
    const channel = this.config.messages!.channel;
    if (channel === 'webhook') {
      await this.once(message, () => {
        this.outbox.record(
          message.tenantId,
          'message.requested',
          { messageId: message.id, kind: message.kind, purpose: message.purpose, customerId: message.customerId, language: message.language, to: message.to, subject: message.subject, text: message.text },
          message.customerId,
        );
      });
      return;
    }
    if (channel === 'smtp') await this.mailer.send(message);
    else await this.config.messages!.messenger!.send(message);
    await this.once(message, () => undefined);
  }

  /** Records the fact as told, with `alongside` in the same transaction; a record made already (another instance) is no error. */
  private async once(message: GuestMessage, alongside: () => void): Promise<void> {
    try {
      await this.uow.transaction(async () => {
        await this.repository.insertSent({
          tenantId: message.tenantId,
          eventId: message.eventId,
          kind: message.kind,
          customerId: message.customerId,
          channel: this.config.messages!.channel,
          language: message.language,
          sentAt: this.config.clock.now(),
        });
        alongside();
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** In the open unit of work, up to `limit` of the tenant's facts told before `before` (their event ids), in id order after `after`. */
  toldBefore(tenantId: string, before: Date, after: string, limit: number): Promise<string[]> {
    return this.repository.sentBefore(tenantId, before, after, limit);
  }

  /** Forgets that these facts were told: only once no delivery of them can be handled again. */
  forgetTold(tenantId: string, eventIds: string[]): Promise<void> {
    return this.repository.deleteSent(tenantId, eventIds);
  }
}
