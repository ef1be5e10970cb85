import { Injectable } from '@nestjs/common';
import type { ErrorCode } from '../../common/errors/error-codes.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { EntryMethod } from '../../contract/contract-values.js';
import type { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import type { PresentedIdentifierDto } from '../../contract/tab-snapshot.dto.js';
import { displayName } from '../customers/customer-presenter.js';
import { CustomersService } from '../customers/customers.service.js';
import type { Customer } from '../customers/entities/customer.entity.js';
import { SettingsService } from '../settings/settings.service.js';
import type { Identifier, IdentifierStatus } from './entities/identifier.entity.js';
import { IdentifyRateLimiter } from './identify-rate-limiter.js';
import { normaliseIdentifierValue } from './identifier-values.js';
import { IdentifiersService } from './identifiers.service.js';
import type { StoredCard } from '../guest-cards/guest-cards.repository.js';

/** How a customer was found: by an identifier, a phone number, a search, or named by id. */
export const IDENTIFIED_VIA = ['identifier', 'phone', 'query', 'customer'] as const;

export interface Identified extends Located {
  customer: Customer;
}

/** Whose card or phone it is, before their row is read (the card's read model may have it). */
export interface Located {
  customerId: string;
  /** Read on the way already (a phone or a search reads the candidates). */
  customer?: Customer;
  /** The identifier presented, when one was. */
  identifier: Identifier | null;
  /** How it was presented this time (a card bound by scanning may be swiped later). */
  entryMethod: EntryMethod | null;
  via: (typeof IDENTIFIED_VIA)[number];
  /** Their stored card, when it was read with the identifier (null: read, and there is none). */
  stored?: StoredCard | null;
}

export interface Candidate {
  id: string;
  displayName: string;
  kind: Customer['kind'];
  room: string | null;
}

const MAX_CANDIDATES = 10;

/** What identify is given: exactly one of them. */
export interface IdentifyInput {
  identifier?: PresentedIdentifierDto;
  query?: string;
  customerId?: string;
}

/** Attaches this instance counted lately, oldest first: enough to recognise a host's retries of the last minutes. */
const COUNTED_ATTACHES_KEPT = 10_000;

/** A card that is not active refuses service, with one literal code per status so each can be searched for. */
const INACTIVE_IDENTIFIER = { blocked: 'identifier_blocked', lost: 'identifier_lost' } as const satisfies Record<Exclude<IdentifierStatus, 'active'>, ErrorCode>;

/** Recognises a guest from what was presented at the till, or from what the waiter typed. */
@Injectable()
export class IdentifyService {
  private readonly countedAttaches = new Set<string>();

  constructor(
    private readonly identifiers: IdentifiersService,
    private readonly customers: CustomersService,
    private readonly settings: SettingsService,
    private readonly limiter: IdentifyRateLimiter,
  ) {}

  /** The till's identify call: counted against the terminal's rate limit. */
  async identify(actor: RequestActor, input: IdentifyInput): Promise<Located> {
    await this.limiter.hit(actor);
    return this.locate(actor.tenantId, input, { withCard: true });
  }

  /**
   * A customer_attached event presenting an identifier answers the card as identify does,
   * so it counts against the same limits. The dispatcher calls this before the event's
   * transaction: a refused attach rolls back, and its attempt must still count.
   */
  async countAttach(event: GuestTabEventDto): Promise<void> {
    if (event.type !== 'guest_tab.customer_attached') return;
    // Each card presented for a guest of the tab counts, as each would at identify.
    const presented = [event.tab.customer, ...(event.tab.guests ?? [])].flatMap((guest) => (guest?.identifier ? [guest.identifier] : []));
    // A host sending the very event again after a 503 presents no new card; the same event id with other cards is a new attempt.
    const attempt = JSON.stringify([event.tenantId, event.id, presented.map(({ type, value }) => [type, value])]);
    if (this.countedAttaches.has(attempt)) return;
    for (let i = 0; i < presented.length; i++) await this.limiter.hit({ tenantId: event.tenantId, id: event.actor.id, terminalId: event.terminalId });
    this.countedAttaches.add(attempt);
    if (this.countedAttaches.size > COUNTED_ATTACHES_KEPT) this.countedAttaches.delete(this.countedAttaches.values().next().value!);
  }

  /**
   * An evaluate of a tab that presents a card answers whose card it is, so it counts as an
   * identification too: otherwise pricing made-up cards would enumerate them.
   */
  async countPresented(actor: RequestActor, tab: { customer?: { identifier?: PresentedIdentifierDto } | null }): Promise<void> {
    if (tab.customer?.identifier) await this.limiter.hit(actor);
  }

  /**
   * The guest behind an identifier, a search or a customer id, with the same refusals as
   * identify: 404 unknown, 423 blocked identifier or terminated membership, 300 ambiguous.
   * It counts nothing: identify and countAttach count the attempt where it arrives.
   */
  async resolve(tenantId: string, input: IdentifyInput): Promise<Identified> {
    const located = await this.locate(tenantId, input);
    return { ...located, customer: located.customer ?? (await this.customers.findServable(tenantId, located.customerId)) };
  }

  /** The same refusals as resolve() but for the customer's own (unknown, erased, terminated): whose it is. */
  locate(tenantId: string, input: IdentifyInput, { withCard = false } = {}): Promise<Located> {
    if (input.customerId) return Promise.resolve({ customerId: input.customerId, identifier: null, entryMethod: null, via: 'customer' });
    if (input.identifier) {
      return input.identifier.type === 'phone' ? this.byPhone(tenantId, input.identifier) : this.byIdentifier(tenantId, input.identifier, withCard);
    }
    return this.byQuery(tenantId, input.query!);
  }

  /** The active identifier behind what was presented, if any (a close records which card it was). */
  async activeIdentifier(tenantId: string, presented: PresentedIdentifierDto): Promise<Identifier | null> {
    const country = presented.type === 'phone' ? await this.settings.defaultCountry(tenantId) : null;
    const value = normaliseIdentifierValue(presented.type, presented.value, country);
    if (!value) return null;
    return (await this.identifiers.lookup(tenantId, presented.type, value)).find((identifier) => identifier.status === 'active') ?? null;
  }

  /**
   * Whose the presented card or phone is or was, whatever its status now: what a till that
   * recognised the guest from its offline pack spent was theirs, even if the card was
   * blocked before the till came back.
   */
  async holderOfAny(tenantId: string, presented: PresentedIdentifierDto): Promise<string | null> {
    const country = presented.type === 'phone' ? await this.settings.defaultCountry(tenantId) : null;
    const value = normaliseIdentifierValue(presented.type, presented.value, country);
    if (!value) return null;
    const found = (await this.identifiers.lookup(tenantId, presented.type, value)).filter((identifier) => identifier.customerId);
    return (found.find((identifier) => identifier.status === 'active') ?? found[0])?.customerId ?? null;
  }

  /** With the card, when the caller answers the guest's card: the look-up reads it in the same statement. */
  private async byIdentifier(tenantId: string, presented: PresentedIdentifierDto, withCard: boolean): Promise<Located> {
    const value = normaliseIdentifierValue(presented.type, presented.value, null);
    const found: (Identifier & { card?: StoredCard | null })[] = !value ? [] : withCard ? await this.identifiers.lookupWithCard(tenantId, presented.type, value) : await this.identifiers.lookup(tenantId, presented.type, value);
    const active = found.find((identifier) => identifier.status === 'active');
    if (!active) {
      const inactive = found[0];
      if (inactive && inactive.statusReason !== 'erased') {
        throw new RegularsError(INACTIVE_IDENTIFIER[inactive.status as Exclude<IdentifierStatus, 'active'>], `this ${presented.type} is ${inactive.status}`, {
          identifier: inactive.id,
          reason: inactive.statusReason,
        });
      }
      throw new RegularsError('unknown_identifier', `no ${presented.type} ${presented.value} is known`);
    }
    if (!active.customerId) {
      throw new RegularsError('identifier_not_bound', `this ${presented.type} was issued but not given to a customer yet`, {
        identifier: active.id,
      });
    }
    const { card: stored, ...identifier } = active;
    return { customerId: active.customerId, identifier, entryMethod: presented.entryMethod, via: 'identifier', ...(withCard ? { stored } : {}) };
  }

  /** Caller ID: any of the customer's phones, or a phone identifier. */
  private async byPhone(tenantId: string, { value: presented, entryMethod }: PresentedIdentifierDto): Promise<Located> {
    const phone = normaliseIdentifierValue('phone', presented, await this.settings.defaultCountry(tenantId));
    if (!phone) throw new RegularsError('unknown_identifier', `${presented} is not a phone number`);
    const identifiers = (await this.identifiers.lookup(tenantId, 'phone', phone)).filter((i) => i.status === 'active' && i.customerId);
    const byContact = await this.customers.findByPhone(tenantId, phone);
    const ids = new Set([...identifiers.map((i) => i.customerId!), ...byContact.map((c) => c.id)]);
    if (ids.size === 0) throw new RegularsError('unknown_identifier', `no customer has the phone ${phone}`);
    if (ids.size > 1) throw this.ambiguous(await this.customers.findMany(tenantId, [...ids]));
    const [id] = ids;
    return {
      customerId: id,
      customer: await this.customers.findServable(tenantId, id),
      identifier: identifiers.find((i) => i.customerId === id) ?? null,
      entryMethod,
      via: 'phone',
    };
  }

  private async byQuery(tenantId: string, query: string): Promise<Located> {
    const page = await this.identifiers.searchCustomers(tenantId, { q: query, limit: MAX_CANDIDATES + 1 });
    if (page.items.length === 0) throw new RegularsError('no_match', `no customer matches "${query}"`);
    if (page.items.length > 1) throw this.ambiguous(await this.customers.findMany(tenantId, page.items.map((item) => item.id)));
    return { customerId: page.items[0].id, customer: await this.customers.findServable(tenantId, page.items[0].id), identifier: null, entryMethod: null, via: 'query' };
  }

  private ambiguous(customers: Customer[]): RegularsError {
    const candidates: Candidate[] = customers
      .slice(0, MAX_CANDIDATES)
      .map((customer) => ({ id: customer.id, displayName: displayName(customer), kind: customer.kind, room: customer.room }));
    return new RegularsError('ambiguous', 'several customers match; choose one', {
      candidates,
      more: customers.length > MAX_CANDIDATES,
    });
  }
}
