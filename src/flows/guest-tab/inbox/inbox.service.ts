import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../../common/database/database-errors.js';
import { RetryableConflict } from '../../../common/database/retryable-conflict.js';
import type { PersonalDataHolder } from '../../../common/personal-data/personal-data-holder.js';
import type { EventOutcome } from '../../../contract/contract-values.js';
import type { EventEffect } from '../../../contract/event-effect.js';
import type { EventResult } from '../event-result.js';
import type { GuestTabEventDto } from '../../../contract/guest-tab-event.dto.js';
import type { InboxEntry } from './inbox-entry.entity.js';
import { InboxRepository } from './inbox.repository.js';
import type { CustomerCardDto } from '../../customer-card/customer-card.dto.js';

export interface InboxOutcome {
  status: EventOutcome;
  effects: EventEffect[];
  /** The customer card an applied attach answers beside its effects. */
  card?: CustomerCardDto;
  appliedKey?: string;
  firstEventId?: string;
}

/**
 * Thrown when the event's inbox row collides with one already committed: the same event
 * id, or the same (tab, type, version) under another id. The unit of work rolls back
 * whatever the event did, and the first answer is repeated.
 */
export class EventAlreadyReceived extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} was received before`);
    this.name = 'EventAlreadyReceived';
  }
}

/**
 * The idempotency record of host events. Its unique keys decide what is a repeat. It keeps
 * the whole first answer, the attach's customer card too, so it holds personal data:
 * erasure and the tenant purge drop those cards.
 */
@Injectable()
export class Inbox {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'attachCards',
    export: async (tenantId, customerId) =>
      (await this.repository.entriesWithCardOf(tenantId, customerId)).map((entry) => ({
        eventId: entry.eventId,
        tabId: entry.tabId,
        receivedAt: entry.receivedAt.toISOString(),
        card: entry.card,
      })),
    erase: (tenantId, customerId) => this.repository.forgetCards(tenantId, customerId),
    purge: (tenantId) => this.repository.forgetCards(tenantId),
  };

  constructor(private readonly repository: InboxRepository) {}

  /**
   * Records the event's outcome as the last write of its unit of work. A collision with
   * an earlier event (after that event committed: the tab lock orders them) throws
   * EventAlreadyReceived, so the repeat's effects roll back.
   */
  async record(event: GuestTabEventDto, outcome: InboxOutcome, receivedAt: Date): Promise<void> {
    try {
      await this.repository.insertEntry({
        tenantId: event.tenantId,
        eventId: event.id,
        eventType: event.type,
        tabId: event.tab.id,
        tabVersion: event.tab.version,
        status: outcome.status,
        appliedKey: outcome.appliedKey ?? null,
        firstEventId: outcome.firstEventId ?? null,
        effects: outcome.effects,
        card: outcome.card ?? null,
        cardCustomerId: outcome.card?.id ?? null,
        occurredAt: new Date(event.occurredAt),
        receivedAt,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EventAlreadyReceived(event.id);
      throw error;
    }
  }

  /**
   * The answer to a repeat: the first result under the same id, or, for the same tab
   * change re-sent under a new id, the first result recorded again under the new id. Runs
   * in a unit of work of its own, which runs it again on a RetryableConflict.
   */
  async repeatAnswer(event: GuestTabEventDto, appliedKey: string, receivedAt: Date): Promise<EventResult> {
    const sameId = await this.repository.entryOfEvent(event.tenantId, event.id);
    if (sameId) return repeated(event.id, sameId);
    const first = await this.repository.entryOfAppliedKey(event.tenantId, appliedKey);
    if (!first) throw new RetryableConflict(`inbox entry of ${event.id}`);
    const card = first.card ?? undefined;
    try {
      await this.record(event, { status: 'duplicate', effects: first.effects as EventEffect[], card, firstEventId: first.eventId }, receivedAt);
    } catch (error) {
      // The same new id arrived twice at once; the next run finds it by id.
      if (error instanceof EventAlreadyReceived) throw new RetryableConflict(`inbox entry of ${event.id}`);
      throw error;
    }
    return repeated(event.id, first);
  }

  /** Whether this event, or the same tab change under another id, was recorded before. */
  wasReceived(event: GuestTabEventDto, appliedKey: string): Promise<boolean> {
    return this.repository.hasEventOrAppliedKey(event.tenantId, event.id, appliedKey);
  }

  listForTab(tenantId: string, tabId: string): Promise<InboxEntry[]> {
    return this.repository.entriesOfTab(tenantId, tabId);
  }
}

/** A repeat's answer: what the first delivery answered, as a duplicate. */
function repeated(eventId: string, first: InboxEntry): EventResult {
  const result: EventResult = { eventId, status: 'duplicate', effects: first.effects as EventEffect[] };
  return first.card ? { ...result, card: first.card } : result;
}
