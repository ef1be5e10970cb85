import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { hostEventEmitter, type HostEventEmitter } from '../../common/host-event-emitter.js';
import { newId } from '../../common/ids.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import {
  carriesPersonalValues,
  IN_PROCESS_EVENT_PREFIX,
  OUTGOING_EVENT_TYPES,
  OUTGOING_EVENT_VERSIONS,
  withoutPersonalValues,
  type OutgoingEvent,
  type OutgoingEventData,
  type OutgoingEventType,
} from '../../contract/events-out.js';
import type { OutboxEvent } from './outbox-event.entity.js';
import { OutboxRepository } from './outbox.repository.js';

/** One fact to record: its type, its payload, and the guest it is about (the ordering key). */
export type FactToRecord = { [T in OutgoingEventType]: { type: T; data: OutgoingEventData<T>; customerId?: string | null } }[OutgoingEventType];

/** Rows of the tenant's purge rewritten per statement. */
const PURGE_PAGE = 500;

/**
 * The transactional outbox: every fact that leaves the plugin is recorded here by the code
 * that makes the change, in the change's own transaction, so an event is sent exactly when
 * its change committed — never for a rolled-back one, never lost to a crash. The webhook
 * relay sends them on afterwards.
 */
@Injectable()
export class Outbox implements OnModuleInit {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'outgoingEvents',
    export: async (tenantId, customerId) => (await this.repository.eventsNaming(tenantId, customerId)).map((row) => this.envelopeOf(row)),
    erase: (tenantId, customerId) => this.blankPersonalValues(tenantId, customerId),
    purge: (tenantId) => this.blankTenant(tenantId),
  };

  private emitter: HostEventEmitter | null = null;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly moduleRef: ModuleRef,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.emitter = await hostEventEmitter(this.moduleRef);
  }

  /**
   * Records an event in the open unit of work; outside one it throws, since an event must
   * commit or roll back with its change. `customerId` is the guest it is about, the key a
   * subscriber's deliveries are ordered by. Answers the event's id.
   */
  record<T extends OutgoingEventType>(tenantId: string, type: T, data: OutgoingEventData<T>, customerId: string | null = null): string {
    const [id] = this.recordAll(tenantId, [{ type, data, customerId }] as FactToRecord[]);
    return id;
  }

  /**
   * Several events of one change, in the order given. They are written with every other
   * event of the unit of work in one statement just before it commits (UnitOfWork.atCommit):
   * a close's steps each tell of something, and the database sees one INSERT.
   */
  recordAll(tenantId: string, facts: FactToRecord[]): string[] {
    if (facts.length === 0) return [];
    const occurredAt = this.config.clock.now();
    const events = facts.map(
      ({ type, data, customerId }): OutboxEvent => ({
        tenantId,
        id: newId('ev', occurredAt),
        type,
        version: OUTGOING_EVENT_VERSIONS[type],
        occurredAt,
        customerId: customerId ?? null,
        payload: data as Record<string, unknown>,
        fannedOutAt: null,
      }),
    );
    this.repository.insertAtCommit(events, (all) => this.emitCommitted(all));
    return events.map((event) => event.id);
  }

  /**
   * Erasure: the personal values of every event about the guest, or naming them, become
   * null (a list empty), whether it is still to be sent or was delivered long ago.
   * Answers how many events changed.
   */
  async blankPersonalValues(tenantId: string, customerId: string): Promise<number> {
    return this.blank(tenantId, await this.repository.eventsNaming(tenantId, customerId));
  }

  /** The tenant's purge: every event's personal values, a page at a time. */
  private async blankTenant(tenantId: string): Promise<number> {
    const types = OUTGOING_EVENT_TYPES.filter(carriesPersonalValues);
    let changed = 0;
    for (let after = ''; ; ) {
      const page = await this.repository.eventsOfTypes(tenantId, types, after, PURGE_PAGE);
      if (page.length === 0) return changed;
      changed += await this.blank(tenantId, page);
      after = page[page.length - 1].id;
    }
  }

  private async blank(tenantId: string, events: OutboxEvent[]): Promise<number> {
    const changes = events.flatMap((event) => {
      if (!carriesPersonalValues(event.type)) return [];
      const blanked = withoutPersonalValues(event.type, event.payload as never);
      return JSON.stringify(blanked) === JSON.stringify(event.payload) ? [] : [{ id: event.id, set: { payload: blanked } }];
    });
    await this.repository.setPayloads(tenantId, changes);
    return changes.length;
  }

  /**
   * A NestJS host with @nestjs/event-emitter hears each event on its EventEmitter2 once its
   * transaction has committed, as `regulars.<type>` with the envelope a webhook gets. In
   * process and not stored: an instance that dies after the commit does not emit; the
   * outbox's subscribers (webhooks) get it at least once either way.
   */
  private emitCommitted(events: OutboxEvent[]): void {
    if (!this.emitter) return;
    for (const event of events) this.emitter.emit(`${IN_PROCESS_EVENT_PREFIX}${event.type}`, this.envelopeOf(event));
  }

  /** When the oldest event still owed to the webhooks and brokers was recorded; null when none is owed. */
  oldestOwed(): Promise<Date | null> {
    return this.repository.oldestToFanOut();
  }

  /** Tenants with events the relay has still to fan out. */
  tenantsToFanOut(): Promise<string[]> {
    return this.repository.tenantsWithEventsToFanOut();
  }

  /**
   * Claims up to `limit` of the tenant's oldest events not fanned out, in the open unit of
   * work, skipping those another instance holds. A guest's event is left for a later round
   * while an older one of theirs is held elsewhere: fanned out first, it could be delivered
   * first.
   */
  async claimToFanOut(tenantId: string, limit: number): Promise<OutgoingEvent[]> {
    const claimed = await this.repository.lockEventsToFanOut(tenantId, limit);
    const guests = [...new Set(claimed.flatMap((event) => (event.customerId ? [event.customerId] : [])))];
    if (guests.length === 0) return claimed.map((row) => this.envelopeOf(row));
    const heldElsewhere = await this.repository.oldestOthersToFanOut(
      tenantId,
      guests,
      claimed.map((event) => event.id),
    );
    return claimed
      .filter((event) => {
        const older = event.customerId === null ? undefined : heldElsewhere.get(event.customerId);
        return older === undefined || event.id < older;
      })
      .map((row) => this.envelopeOf(row));
  }

  async markFannedOut(tenantId: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.repository.markFannedOut(tenantId, ids, this.config.clock.now());
  }

  /** Tenants with events fanned out before `before`. */
  tenantsFannedOutBefore(before: Date): Promise<string[]> {
    return this.repository.tenantsFannedOutBefore(before);
  }

  /** In the open unit of work, up to `limit` ids of the tenant's events fanned out before `before`, in id order after `after`. */
  fannedOutBefore(tenantId: string, before: Date, after: string, limit: number): Promise<string[]> {
    return this.repository.fannedOutBefore(tenantId, before, after, limit);
  }

  /** Removes events for good, in the open unit of work. */
  forget(tenantId: string, ids: string[]): Promise<void> {
    return this.repository.deleteEvents(tenantId, ids);
  }

  /** The events as a receiver gets them, by id. */
  async events(tenantId: string, ids: string[]): Promise<Map<string, OutgoingEvent>> {
    return new Map((await this.repository.eventsWithIds(tenantId, ids)).map((row) => [row.id, this.envelopeOf(row)]));
  }

  private envelopeOf(row: OutboxEvent): OutgoingEvent {
    return {
      id: row.id,
      type: row.type,
      version: row.version,
      tenantId: row.tenantId,
      occurredAt: row.occurredAt.toISOString(),
      customerId: row.customerId,
      data: row.payload as OutgoingEvent['data'],
    };
  }
}
