import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { decodeCursor, pageOf, type Page } from '../../common/pagination.js';
import type { Customer } from '../customers/entities/customer.entity.js';
import type { CustomerDto } from '../customers/dto/customer.dto.js';
import type { ListCustomersQueryDto } from '../customers/dto/list-customers.query.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { IdentifierType } from '../../contract/contract-values.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { displayName } from '../customers/customer-presenter.js';
import { CustomersService } from '../customers/customers.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { SettingsService } from '../settings/settings.service.js';
import type { BindIdentifierDto, CreateIdentifierDto, IdentifierDto, ListIdentifiersQueryDto, UpdateIdentifierDto } from './dto/identifier.dto.js';
import { activeKeyOf, type Identifier, type IdentifierStatus } from './entities/identifier.entity.js';
import { IdentificationRepository, type IdentifierFilter } from './identification.repository.js';
import { normaliseIdentifierValue } from './identifier-values.js';
import type { StoredCard } from '../guest-cards/guest-cards.repository.js';
import { TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';

export function presentIdentifier(identifier: Identifier): IdentifierDto {
  return {
    id: identifier.id,
    type: identifier.type,
    value: identifier.value,
    entryMethod: identifier.entryMethod,
    status: identifier.status,
    statusReason: identifier.statusReason,
    customerId: identifier.customerId,
    batchId: identifier.batchId,
    boundAt: identifier.boundAt?.toISOString() ?? null,
    boundBy: identifier.boundBy,
    createdAt: identifier.createdAt.toISOString(),
  };
}

/** Cards, keys, app accounts and phones that recognise guests; binding and re-assigning them. */
@Injectable()
export class IdentifiersService {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'identifiers',
    export: async (tenantId, customerId) => (await this.forCustomer(tenantId, customerId)).map(presentIdentifier),
    // A card issued in a batch is named by its number alone in the batch's answer.
    traces: async (tenantId, customerId) => (await this.forCustomer(tenantId, customerId)).flatMap((identifier) => [identifier.id, identifier.value]),
    erase: (tenantId, customerId) => this.anonymise(tenantId, customerId),
    purge: (tenantId) => this.anonymise(tenantId),
  };

  constructor(
    private readonly repository: IdentificationRepository,
    private readonly customers: CustomersService,
    private readonly settings: SettingsService,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly revisions: TenantRevisions,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The value as the card was issued; a value that cannot be one is a 400. */
  async normalise(tenantId: string, type: IdentifierType, value: string, field = 'value'): Promise<string> {
    const country = type === 'phone' ? await this.settings.defaultCountry(tenantId) : null;
    const normalised = normaliseIdentifierValue(type, value, country);
    if (!normalised) throw validationFailed([`${field}: is not a valid ${type} value`]);
    return normalised;
  }

  /** Issues an impersonal identifier (a card not yet given to anyone). */
  async create(actor: RequestActor, input: CreateIdentifierDto): Promise<IdentifierDto> {
    const value = await this.normalise(actor.tenantId, input.type, input.value);
    const identifier = this.newIdentifier(actor, input.type, value, { entryMethod: input.entryMethod, batchId: input.batchId });
    await this.insertActive([identifier]);
    await this.audit.record(actor, { subjectType: 'identifier', subjectId: identifier.id, customerId: null, action: 'issued' });
    return presentIdentifier(identifier);
  }

  /** The active keys among these cards that someone holds already (an import leaves those to bind one by one). */
  async activeAmong(tenantId: string, cards: { type: IdentifierType; value: string }[]): Promise<Set<string>> {
    if (cards.length === 0) return new Set();
    const found = await this.repository.activeIdentifiersWithKeys(tenantId, cards.map((card) => activeKeyOf(card.type, card.value)));
    return new Set(found.map((identifier) => identifier.activeKey!));
  }

  /**
   * Cards an import brings for customers it made, none of them active with anyone (the caller
   * asked `activeAmong`), normalised by the caller: bound at once, a lost or blocked one as it
   * is, in a few statements.
   */
  async bindImported(actor: RequestActor, cards: { customerId: string; type: IdentifierType; value: string; status: IdentifierStatus }[]): Promise<void> {
    if (cards.length === 0) return;
    const identifiers = cards.map((card) => {
      const identifier = this.newIdentifier(actor, card.type, card.value, { entryMethod: 'manual', customerId: card.customerId });
      return card.status === 'active' ? identifier : { ...identifier, status: card.status, statusReason: 'imported', activeKey: null };
    });
    await this.insertActive(identifiers);
    await this.audit.recordAll(
      actor,
      identifiers.map((identifier) => ({ subjectType: 'identifier', subjectId: identifier.id, customerId: identifier.customerId, action: 'bound', changes: [{ field: 'value', from: null, to: identifier.value }] })),
    );
    this.outbox.recordAll(
      actor.tenantId,
      identifiers.map((identifier) => ({ type: 'identifier.bound' as const, customerId: identifier.customerId, data: { identifierId: identifier.id, customerId: identifier.customerId!, type: identifier.type, value: identifier.value } })),
    );
  }

  /** Inserts active identifiers; a (type, value) already active is a 409 naming it and who holds it. */
  async insertActive(identifiers: Identifier[]): Promise<void> {
    try {
      await this.repository.insertIdentifiers(identifiers);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const [{ tenantId }] = identifiers;
      const taken = await this.repository.activeIdentifiersWithKeys(tenantId, identifiers.map((identifier) => identifier.activeKey!));
      throw await this.alreadyActive(tenantId, taken, 'a concurrent issue took them');
    }
  }

  newIdentifier(
    actor: RequestActor,
    type: IdentifierType,
    value: string,
    extra: Partial<Pick<Identifier, 'entryMethod' | 'batchId' | 'customerId'>> = {},
  ): Identifier {
    const now = this.config.clock.now();
    return {
      tenantId: actor.tenantId,
      id: newId('i', now),
      type,
      value,
      entryMethod: extra.entryMethod ?? null,
      status: 'active',
      statusReason: null,
      activeKey: activeKeyOf(type, value),
      customerId: extra.customerId ?? null,
      batchId: extra.batchId ?? null,
      boundAt: extra.customerId ? now : null,
      boundBy: extra.customerId ? actor.id : null,
      createdAt: now,
      createdBy: actor.id,
      updatedAt: now,
    };
  }

  /**
   * Binds a card to a customer. A card another customer holds is a 409 naming the holder,
   * unless `reassign` says to move it; either way exactly one of two terminals binding
   * the same new card at once wins (the active key is unique in the database).
   */
  async bind(actor: RequestActor, customerId: string, input: BindIdentifierDto): Promise<IdentifierDto> {
    const value = await this.normalise(actor.tenantId, input.type, input.value);
    await this.customers.findServable(actor.tenantId, customerId);
    const existing = await this.repository.lockActiveIdentifier(actor.tenantId, activeKeyOf(input.type, value));
    if (!existing) {
      const identifier = this.newIdentifier(actor, input.type, value, { entryMethod: input.entryMethod, customerId });
      try {
        await this.repository.insertIdentifiers([identifier]);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another terminal bound the same card first; answer as if we had seen its row.
        const winner = await this.repository.activeIdentifier(actor.tenantId, activeKeyOf(input.type, value));
        if (winner && winner.customerId !== customerId && !input.reassign) throw await this.heldElsewhere(winner);
        throw new RetryableConflict(`identifier ${input.type} ${value} bound concurrently`);
      }
      await this.audit.record(actor, { subjectType: 'identifier', subjectId: identifier.id, customerId, action: 'bound', changes: [{ field: 'value', from: null, to: value }] });
      this.outbox.record(actor.tenantId, 'identifier.bound', { identifierId: identifier.id, customerId, type: identifier.type, value }, customerId);
      return presentIdentifier(identifier);
    }
    if (existing.customerId === customerId) return presentIdentifier(existing);
    if (existing.customerId && !input.reassign) throw await this.heldElsewhere(existing);
    const now = this.config.clock.now();
    const previousHolder = existing.customerId;
    Object.assign(existing, { customerId, boundAt: now, boundBy: actor.id, updatedAt: now, entryMethod: input.entryMethod ?? existing.entryMethod });
    await this.repository.saveIdentifier(existing);
    await this.audit.record(actor, {
      subjectType: 'identifier',
      subjectId: existing.id,
      customerId,
      action: previousHolder ? 'reassigned' : 'bound',
      changes: [{ field: 'customerId', from: previousHolder, to: customerId }],
    });
    if (previousHolder) {
      this.outbox.record(
        actor.tenantId,
        'identifier.reassigned',
        { identifierId: existing.id, type: existing.type, value: existing.value, fromCustomerId: previousHolder, toCustomerId: customerId },
        customerId,
      );
    } else {
      this.outbox.record(actor.tenantId, 'identifier.bound', { identifierId: existing.id, customerId, type: existing.type, value: existing.value }, customerId);
    }
    return presentIdentifier(existing);
  }

  async setStatus(actor: RequestActor, id: string, input: UpdateIdentifierDto): Promise<IdentifierDto> {
    const identifier = this.found(id, await this.repository.lockIdentifier(actor.tenantId, id));
    const from = identifier.status;
    Object.assign(identifier, {
      status: input.status,
      statusReason: input.reason ?? null,
      activeKey: input.status === 'active' ? activeKeyOf(identifier.type, identifier.value) : null,
      updatedAt: this.config.clock.now(),
    });
    try {
      await this.repository.saveIdentifier(identifier);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const other = await this.repository.activeIdentifier(actor.tenantId, activeKeyOf(identifier.type, identifier.value));
      throw await this.alreadyActive(actor.tenantId, other ? [other] : [], `another active ${identifier.type} has the value ${identifier.value}`);
    }
    await this.audit.record(actor, {
      subjectType: 'identifier',
      subjectId: id,
      customerId: identifier.customerId,
      action: 'status_changed',
      changes: [{ field: 'status', from, to: input.status }],
    });
    // The till refuses the card from now on: that is the news. A second request to the same status changes nothing.
    if ((input.status === 'blocked' || input.status === 'lost') && from !== input.status) {
      this.outbox.record(
        actor.tenantId,
        'identifier.blocked',
        { identifierId: id, customerId: identifier.customerId, type: identifier.type, value: identifier.value, status: input.status, reason: identifier.statusReason },
        identifier.customerId,
      );
    }
    return presentIdentifier(identifier);
  }

  /** Takes a card back from its holder; it stays issued, impersonal. */
  async unbind(actor: RequestActor, id: string): Promise<IdentifierDto> {
    const identifier = this.found(id, await this.repository.lockIdentifier(actor.tenantId, id));
    const holder = identifier.customerId;
    Object.assign(identifier, { customerId: null, boundAt: null, boundBy: null, updatedAt: this.config.clock.now() });
    await this.repository.saveIdentifier(identifier);
    await this.audit.record(actor, { subjectType: 'identifier', subjectId: id, customerId: holder, action: 'unbound', changes: [{ field: 'customerId', from: holder, to: null }] });
    return presentIdentifier(identifier);
  }

  async get(tenantId: string, id: string): Promise<IdentifierDto> {
    return presentIdentifier(this.found(id, await this.repository.identifier(tenantId, id)));
  }

  async list(tenantId: string, query: ListIdentifiersQueryDto): Promise<Page<IdentifierDto>> {
    const limit = query.limit ?? 50;
    const value = !query.value ? undefined : query.type ? await this.normalise(tenantId, query.type, query.value) : query.value.trim();
    const filter: IdentifierFilter = {
      type: query.type,
      value,
      status: query.status,
      batchId: query.batchId,
      customerId: query.customerId === 'none' ? null : query.customerId,
      after: decodeCursor(query.cursor),
    };
    return pageOf(await this.repository.identifiersPage(tenantId, filter, limit + 1), limit, presentIdentifier);
  }

  /** The customer's identifiers; 404 for a customer the tenant does not have. */
  async listForCustomer(tenantId: string, customerId: string): Promise<IdentifierDto[]> {
    await this.customers.find(tenantId, customerId);
    return (await this.forCustomer(tenantId, customerId)).map(presentIdentifier);
  }

  /** The active identifiers of these customers, as the offline pack lists them. */
  activeOfCustomers(tenantId: string, customerIds: string[]): Promise<Identifier[]> {
    return this.repository.identifiersOfCustomers(tenantId, customerIds, 'active');
  }

  /** Every identifier of these customers, lost and blocked ones too. */
  ofCustomers(tenantId: string, customerIds: string[]): Promise<Identifier[]> {
    return this.repository.identifiersOfCustomers(tenantId, customerIds);
  }

  forCustomer(tenantId: string, customerId: string): Promise<Identifier[]> {
    return this.repository.identifiersOfCustomer(tenantId, customerId);
  }

  /** Every identifier of a type and value (one active at most): the till's look-up, by index. */
  lookup(tenantId: string, type: IdentifierType, value: string): Promise<Identifier[]> {
    return this.repository.identifiersWithValue(tenantId, type, value);
  }

  /** The same, the active one with its guest's stored card (the till's identify reads both at once). */
  lookupWithCard(tenantId: string, type: IdentifierType, value: string): Promise<(Identifier & { card: StoredCard | null })[]> {
    return this.repository.identifiersWithValueAndCard(tenantId, type, value);
  }

  /**
   * The customer an identifier presented on a tab belongs to, if exactly one does, read with
   * the identifier; it answers null rather than refusing, since a tab records what the host sent.
   */
  async holder(tenantId: string, type: IdentifierType, presented: string): Promise<Customer | null> {
    const country = type === 'phone' ? await this.settings.defaultCountry(tenantId) : null;
    const value = normaliseIdentifierValue(type, presented, country);
    if (!value) return null;
    const holders = new Map<string, Customer>();
    for (const { tenantRevision, ...customer } of await this.repository.holdersOfActive(tenantId, type, value)) {
      this.revisions.readWith(tenantId, Number(tenantRevision));
      holders.set(customer.id, customer);
    }
    if (type === 'phone') for (const customer of await this.customers.findByPhone(tenantId, value)) holders.set(customer.id, customer);
    return holders.size === 1 ? [...holders.values()][0] : null;
  }

  /** Customers matching `q` by name or contact, or holding an active card of exactly that value. */
  async searchCustomers(tenantId: string, query: ListCustomersQueryDto): Promise<Page<CustomerDto>> {
    return this.customers.list(tenantId, query, query.q ? await this.repository.holdersOfActiveValue(tenantId, query.q.trim()) : []);
  }

  private found(id: string, identifier: Identifier | null): Identifier {
    if (!identifier) throw RegularsError.notFound('identifier', id);
    return identifier;
  }

  /** 409 identifier_exists naming each active value and its holder, as binding names one (a card in a drawer has none). */
  private async alreadyActive(tenantId: string, taken: Identifier[], unseen: string): Promise<RegularsError> {
    const holderIds = [...new Set(taken.flatMap((identifier) => (identifier.customerId ? [identifier.customerId] : [])))];
    const holders = new Map((await this.customers.findMany(tenantId, holderIds)).map((customer) => [customer.id, displayName(customer)]));
    const described = taken.map((identifier) => ({
      identifier,
      holder: identifier.customerId ? { id: identifier.customerId, displayName: holders.get(identifier.customerId) ?? identifier.customerId } : null,
    }));
    const named = described.map(({ identifier, holder }) => `${identifier.type} ${identifier.value} (${holder ? `held by ${holder.displayName}` : 'not bound to anyone'})`);
    return new RegularsError('identifier_exists', `already active: ${named.join(', ') || unseen}`, {
      identifiers: taken.map((identifier) => identifier.id),
      holders: described.map(({ identifier, holder }) => ({ identifier: identifier.id, value: identifier.value, holder })),
    });
  }

  private async heldElsewhere(identifier: Identifier): Promise<RegularsError> {
    const [holder] = await this.customers.findMany(identifier.tenantId, [identifier.customerId!]);
    const name = holder ? displayName(holder) : identifier.customerId;
    return new RegularsError(
      'identifier_has_holder',
      `${identifier.type} ${identifier.value} belongs to ${name}; bind it with reassign: true to move it`,
      { identifier: identifier.id, holder: { id: identifier.customerId, displayName: name } },
    );
  }

  /** Erasure: the value goes, the card can never recognise anyone again. */
  private async anonymise(tenantId: string, customerId?: string): Promise<number> {
    const ids = await this.repository.boundIdentifierIds(tenantId, customerId);
    for (const id of ids) {
      await this.repository.updateIdentifier(tenantId, id, {
        value: `erased-${id}`,
        status: 'blocked',
        statusReason: 'erased',
        activeKey: null,
        updatedAt: this.config.clock.now(),
      });
    }
    return ids.length;
  }
}
