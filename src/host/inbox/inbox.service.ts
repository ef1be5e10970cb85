import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { EventOutcome } from '../contract/contract-values.js';
import type { EventEffect } from '../contract/event-result.js';
import type { GuestTabEventDto } from '../contract/guest-tab-event.dto.js';
import { InboxEntry } from './inbox-entry.entity.js';

export interface InboxOutcome {
  status: EventOutcome;
  effects: EventEffect[];
  appliedKey?: string;
  firstEventId?: string;
}

/** The idempotency record of host events. All writes join the event's transaction. */
@Injectable()
export class Inbox {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Claims the event id for this unit of work. Answers the earlier entry when the id was
   * seen before; a concurrent claim of the same id waits on the row and then gets it.
   */
  async claim(event: GuestTabEventDto, receivedAt: Date): Promise<InboxEntry | null> {
    const manager = this.uow.manager;
    try {
      await manager.insert(InboxEntry, {
        tenantId: event.tenantId,
        eventId: event.id,
        eventType: event.type,
        tabId: event.tab.id,
        tabVersion: event.tab.version,
        status: 'processing',
        appliedKey: null,
        firstEventId: null,
        effects: [],
        occurredAt: new Date(event.occurredAt),
        receivedAt,
      });
      return null;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return manager.findOneByOrFail(InboxEntry, { tenantId: event.tenantId, eventId: event.id });
    }
  }

  findApplied(tenantId: string, appliedKey: string): Promise<InboxEntry | null> {
    return this.uow.manager.findOneBy(InboxEntry, { tenantId, appliedKey });
  }

  async complete(event: GuestTabEventDto, outcome: InboxOutcome): Promise<void> {
    await this.uow.manager.update(
      InboxEntry,
      { tenantId: event.tenantId, eventId: event.id },
      {
        status: outcome.status,
        effects: outcome.effects,
        appliedKey: outcome.appliedKey ?? null,
        firstEventId: outcome.firstEventId ?? null,
      },
    );
  }

  listForTab(tenantId: string, tabId: string): Promise<InboxEntry[]> {
    return this.uow.read((manager) =>
      manager.find(InboxEntry, { where: { tenantId, tabId }, order: { tabVersion: 'ASC', receivedAt: 'ASC' } }),
    );
  }
}
