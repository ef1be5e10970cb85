import { Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { decodeCursor, pageOf, type Page } from '../../common/pagination.js';
import { validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { AuditChange } from '../audit/audit-entry.entity.js';
import { AuditTrail, changesBetween } from '../audit/audit-trail.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { PHONE_CONTACT_TYPES, normaliseEmail, normalisePhone, searchKey } from './contact-normaliser.js';
import { ContactsService } from './contacts.service.js';
import { CustomersRepository } from './customers.repository.js';
import { displayName, presentCustomer, presentProfile } from './customer-presenter.js';
import type { CustomerDto, DuplicateCandidateDto } from './dto/customer.dto.js';
import type { CreateCustomerDto, CustomerFieldsDto, UpdateCustomerDto } from './dto/customer-input.dto.js';
import type { ListCustomersQueryDto } from './dto/list-customers.query.js';
import type { Customer } from './entities/customer.entity.js';

const AUDITED_FIELDS: (keyof Customer & string)[] = [
  'firstName', 'middleName', 'lastName', 'organisationName', 'businessDomain', 'contactPerson', 'organisationId',
  'birthDate', 'gender', 'address', 'notes', 'preferencesText', 'preferenceTags', 'announcement',
  'responsibleEmployeeId', 'marketingConsent', 'language', 'room', 'status',
];

/** The customer API's name of a record field, where the two differ: events out name what changed as the API does. */
const API_FIELD: Partial<Record<keyof Customer, string>> = { organisationName: 'name', preferencesText: 'preferences', preferenceTags: 'preferences' };

@Injectable()
export class CustomersService {

  constructor(
    private readonly repository: CustomersRepository,
    private readonly contacts: ContactsService,
    private readonly settings: SettingsService,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async create(actor: RequestActor, input: CreateCustomerDto): Promise<CustomerDto> {
    const country = await this.settings.defaultCountry(actor.tenantId);
    const contacts = this.contacts.normaliseAll(input.contacts ?? [], country, 'contacts');
    const now = this.config.clock.now();
    const customer = this.newCustomer(actor, input, now);
    await this.checkOrganisation(customer);
    if (!input.allowDuplicate) {
      const candidates = await this.duplicateCandidates(customer, contacts.filter((c) => PHONE_CONTACT_TYPES.includes(c.type)).map((c) => c.value));
      if (candidates.length > 0) {
        throw new RegularsError(
          'possible_duplicate',
          'a customer with the same phone or name exists; open it, or create anyway with allowDuplicate: true',
          { candidates },
        );
      }
    }
    await this.repository.insertCustomer(customer);
    const saved = await this.contacts.insertAll(customer, contacts, now);
    const tags = await this.replaceTags(customer, input.tags ?? []);
    await this.audit.record(actor, createdRecord(customer));
    this.outbox.record(actor.tenantId, 'customer.created', { customerId: customer.id, profile: presentProfile(customer, saved) }, customer.id);
    return presentCustomer(customer, saved, tags);
  }

  /**
   * Customers an import brings, each known by their id in the system they come from, made
   * as create makes them (no duplicate check: the file is the restaurant's own list), a few
   * statements for all of them. Contacts are normalised; one that is not refuses them all,
   * naming it, and the caller takes the rows one by one.
   */
  async createImported(actor: RequestActor, inputs: { externalId: string; input: CreateCustomerDto }[]): Promise<Customer[]> {
    const country = await this.settings.defaultCountry(actor.tenantId);
    const now = this.config.clock.now();
    const made = inputs.map(({ externalId, input }) => ({ customer: { ...this.newCustomer(actor, input, now), externalId }, contacts: this.contacts.normaliseAll(input.contacts ?? [], country, 'contacts') }));
    await this.repository.insertCustomers(made.map(({ customer }) => customer));
    const saved = await this.contacts.insertForMany(made, now);
    await this.audit.recordAll(actor, made.map(({ customer }) => createdRecord(customer)));
    this.outbox.recordAll(
      actor.tenantId,
      made.map(({ customer }, i) => ({ type: 'customer.created' as const, customerId: customer.id, data: { customerId: customer.id, profile: presentProfile(customer, saved[i]) } })),
    );
    return made.map(({ customer }) => customer);
  }

  /** A customer as the input describes them, not stored yet. */
  private newCustomer(actor: RequestActor, input: CreateCustomerDto, now: Date): Customer {
    const customer: Customer = {
      tenantId: actor.tenantId,
      id: newId('c', now),
      kind: input.kind,
      status: 'active',
      firstName: null, middleName: null, lastName: null, organisationName: null, businessDomain: null,
      contactPerson: null, organisationId: null, birthDate: null, gender: null, address: null, notes: null,
      preferencesText: null, preferenceTags: [], announcement: null, responsibleEmployeeId: null,
      marketingConsent: false, marketingConsentAt: null, language: null, room: null, tierId: null, externalId: null,
      terminatedAt: null, terminationReason: null, erasedAt: null,
      searchName: '', nameKey: null,
      createdAt: now, createdBy: actor.id, updatedAt: now, updatedBy: actor.id,
    };
    applyFields(customer, input, now);
    checkNames(customer, now);
    return customer;
  }

  /** The customers among these external ids the tenant has already. */
  withExternalIds(tenantId: string, externalIds: string[]): Promise<Customer[]> {
    return this.repository.withExternalIds(tenantId, externalIds);
  }

  /** The customer an import knows by their id in the system the restaurant moved from. */
  byExternalId(tenantId: string, externalId: string): Promise<Customer | null> {
    return this.repository.byExternalId(tenantId, externalId);
  }

  async get(tenantId: string, id: string): Promise<CustomerDto> {
    const customer = await this.repository.customer(tenantId, id);
    if (!customer) throw RegularsError.notFound('customer', id);
    const [contacts, tags] = await Promise.all([this.contacts.forCustomers(tenantId, [id]), this.repository.tagsOf(tenantId, [id])]);
    return presentCustomer(customer, contacts.get(id) ?? [], tags.get(id) ?? []);
  }

  /** The customer, or 404; erased customers are gone for every purpose but history. */
  async find(tenantId: string, id: string): Promise<Customer> {
    return known(await this.repository.customer(tenantId, id), id);
  }

  /** The customer's row whatever its status, or null. */
  peek(tenantId: string, id: string): Promise<Customer | null> {
    return this.repository.customer(tenantId, id);
  }

  /** The customer if staff may serve them as a regular: 404 unknown, 423 terminated. */
  async findServable(tenantId: string, id: string): Promise<Customer> {
    return servable(await this.repository.customer(tenantId, id), id);
  }

  findMany(tenantId: string, ids: string[]): Promise<Customer[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repository.customersByIds(tenantId, ids);
  }

  async update(actor: RequestActor, id: string, input: UpdateCustomerDto): Promise<CustomerDto> {
    const customer = await this.repository.lockCustomer(actor.tenantId, id);
    if (!customer || customer.status === 'erased') throw RegularsError.notFound('customer', id);
    const before = { ...customer };
    const now = this.config.clock.now();
    applyFields(customer, input, now);
    checkNames(customer, now);
    if (customer.organisationId !== before.organisationId) await this.checkOrganisation(customer);
    customer.updatedAt = now;
    customer.updatedBy = actor.id;
    await this.repository.saveCustomer(customer);
    const tagsBefore = (await this.repository.tagsOf(actor.tenantId, [id])).get(id) ?? [];
    const tags = input.tags ? await this.replaceTags(customer, input.tags) : tagsBefore;
    const changes = changesBetween(before, customer, AUDITED_FIELDS);
    const changed = apiFieldsOf(changes);
    if (input.tags) changes.push({ field: 'tags', from: null, to: tags });
    if ([...tags].sort().join('\n') !== [...tagsBefore].sort().join('\n')) changed.push('tags');
    if (changes.length > 0) {
      await this.audit.record(actor, { subjectType: 'customer', subjectId: id, customerId: id, action: 'updated', changes });
    }
    const contacts = (await this.contacts.forCustomers(actor.tenantId, [id])).get(id) ?? [];
    // A request that leaves the record as it was is no change to tell anyone of.
    if (changed.length > 0) this.outbox.record(actor.tenantId, 'customer.changed', { customerId: id, changed, profile: presentProfile(customer, contacts) }, id);
    return presentCustomer(customer, contacts, tags);
  }

  /**
   * Marks the customer terminated (their identifiers answer 423 from now on), inside the
   * caller's unit of work; the membership flow does the rest in order. Answers the customer
   * as they were, or null when they were terminated already.
   */
  async markTerminated(actor: RequestActor, id: string, reason: string): Promise<Customer | null> {
    const customer = await this.repository.lockCustomer(actor.tenantId, id);
    if (!customer || customer.status === 'erased') throw RegularsError.notFound('customer', id);
    if (customer.status === 'terminated') return null;
    const terminatedAt = this.config.clock.now();
    await this.repository.recordTermination(actor.tenantId, id, reason, terminatedAt, actor.id);
    await this.audit.record(actor, {
      subjectType: 'customer',
      subjectId: id,
      customerId: id,
      action: 'terminated',
      changes: [{ field: 'status', from: customer.status, to: 'terminated' }],
    });
    this.outbox.record(actor.tenantId, 'customer.terminated', { customerId: id, terminatedAt: terminatedAt.toISOString(), reason }, id);
    return customer;
  }

  /** A page of customers; `q` matches names and contacts here, and the customers in `holdingQ` (found by their cards). */
  async list(tenantId: string, query: ListCustomersQueryDto, holdingQ: string[] = []): Promise<Page<CustomerDto>> {
    const limit = query.limit ?? 50;
    const country = query.phone || query.q ? await this.settings.defaultCountry(tenantId) : null;
    const text = query.q ? query.q.trim() : undefined;
    const rows = await this.repository.search(
      tenantId,
      {
        status: query.status || undefined,
        name: query.name ? searchKey(query.name) : undefined,
        phone: query.phone ? normalisePhone(query.phone, country) ?? query.phone : undefined,
        email: query.email ? normaliseEmail(query.email) ?? query.email.toLowerCase() : undefined,
        tierId: query.tierId || undefined,
        responsibleEmployeeId: query.responsibleEmployeeId || undefined,
        organisationId: query.organisationId || undefined,
        tag: query.tag || undefined,
        createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
        createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
        anyOf:
          text === undefined ? undefined : { name: searchKey(text), room: text, phone: normalisePhone(text, country), email: normaliseEmail(text), customerIds: holdingQ },
        after: decodeCursor(query.cursor),
      },
      limit + 1,
    );
    const ids = rows.slice(0, limit).map((row) => row.id);
    const [contacts, tags] = await Promise.all([this.contacts.forCustomers(tenantId, ids), this.repository.tagsOf(tenantId, ids)]);
    return pageOf(rows, limit, (row) => presentCustomer(row, contacts.get(row.id) ?? [], tags.get(row.id) ?? []));
  }

  /** Active customers born on one of these days of the year ('MM-DD'), in keyset batches of ids. */
  /** The next `limit` active customers after `after`, in id order. */
  activePage(tenantId: string, after: string | undefined, limit: number): Promise<Customer[]> {
    return this.repository.search(tenantId, { status: 'active', after }, limit);
  }

  bornOn(tenantId: string, monthDays: string[], afterId: string, limit: number): Promise<string[]> {
    return this.repository.idsBornOn(tenantId, monthDays, afterId, limit);
  }

  /** Active customers with this E.164 number among their phones (caller ID). */
  async findByPhone(tenantId: string, phone: string): Promise<Customer[]> {
    const ids = await this.contacts.customersWithValue(tenantId, [phone]);
    return (await this.findMany(tenantId, ids)).filter((customer) => customer.status !== 'erased');
  }

  private async duplicateCandidates(customer: Customer, phones: string[]): Promise<DuplicateCandidateDto[]> {
    const byName = customer.nameKey ? await this.repository.activeCustomersNamed(customer.tenantId, customer.nameKey) : [];
    const phoneOwners = await this.contacts.customersWithValue(customer.tenantId, phones);
    const byPhone = (await this.findMany(customer.tenantId, phoneOwners)).filter((found) => found.status === 'active');
    const candidates = new Map<string, DuplicateCandidateDto>();
    for (const [found, reason] of [...byPhone.map((c) => [c, 'phone'] as const), ...byName.map((c) => [c, 'name'] as const)]) {
      const candidate = candidates.get(found.id) ?? { id: found.id, displayName: displayName(found), matchedOn: [] };
      candidate.matchedOn.push(reason);
      candidates.set(found.id, candidate);
    }
    return [...candidates.values()];
  }

  private async checkOrganisation(customer: Customer): Promise<void> {
    if (!customer.organisationId) return;
    if (customer.kind === 'organisation') {
      throw validationFailed(['organisationId: an organisation cannot belong to another organisation']);
    }
    const organisation = await this.repository.customer(customer.tenantId, customer.organisationId);
    if (!organisation || organisation.kind !== 'organisation' || organisation.status === 'erased') {
      throw new RegularsError('unknown_organisation', `organisationId: there is no organisation ${customer.organisationId}`);
    }
  }

  private async replaceTags(customer: Customer, tags: string[]): Promise<string[]> {
    const unique = [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
    await this.repository.replaceTags(customer.tenantId, customer.id, unique);
    return unique;
  }
}

/** The API's names of the record fields that changed, each once. */
function apiFieldsOf(changes: AuditChange[]): string[] {
  return [...new Set(changes.map((change) => API_FIELD[change.field as keyof Customer] ?? change.field))];
}

/** Copies the given fields (null clears) and derives the search keys. */
function applyFields(customer: Customer, input: CustomerFieldsDto, now: Date): void {
  const copy = <K extends keyof Customer>(field: K, value: Customer[K] | undefined) => {
    if (value !== undefined) customer[field] = value;
  };
  copy('firstName', trimmed(input.firstName));
  copy('middleName', trimmed(input.middleName));
  copy('lastName', trimmed(input.lastName));
  copy('organisationName', trimmed(input.name));
  copy('businessDomain', trimmed(input.businessDomain));
  copy('contactPerson', trimmed(input.contactPerson));
  copy('organisationId', input.organisationId);
  copy('birthDate', input.birthDate);
  copy('gender', input.gender);
  copy('address', trimmed(input.address));
  copy('notes', input.notes);
  copy('announcement', trimmed(input.announcement));
  copy('responsibleEmployeeId', input.responsibleEmployeeId);
  copy('room', trimmed(input.room));
  copy('language', input.language);
  if (input.preferences?.text !== undefined) customer.preferencesText = input.preferences.text || null;
  if (input.preferences?.tags !== undefined) customer.preferenceTags = [...new Set(input.preferences.tags)];
  if (input.marketingConsent !== undefined && input.marketingConsent !== customer.marketingConsent) {
    customer.marketingConsent = input.marketingConsent;
    customer.marketingConsentAt = input.marketingConsent ? now : null;
  }
  customer.searchName = searchKey(displayName(customer)).slice(0, 300);
  customer.nameKey =
    customer.kind === 'organisation'
      ? customer.organisationName && searchKey(customer.organisationName)
      : customer.firstName && customer.lastName
        ? searchKey(`${customer.firstName} ${customer.lastName}`)
        : null;
}

function trimmed(value: string | null | undefined): string | null | undefined {
  return typeof value === 'string' ? value.trim() : value;
}

function checkNames(customer: Customer, now: Date): void {
  const problems: string[] = [];
  if (customer.kind === 'individual' && !customer.firstName && !customer.lastName) {
    problems.push('firstName: an individual needs a first or a last name');
  }
  if (customer.kind === 'organisation' && !customer.organisationName) problems.push('name: an organisation needs a name');
  if (customer.birthDate && (Number.isNaN(Date.parse(customer.birthDate)) || customer.birthDate > now.toISOString().slice(0, 10))) {
    problems.push('birthDate: must be a real date in the past');
  }
  if (problems.length > 0) throw validationFailed(problems);
}

/** What the audit trail keeps of a new customer: every audited field as it was set. */
function createdRecord(customer: Customer) {
  return { subjectType: 'customer' as const, subjectId: customer.id, customerId: customer.id, action: 'created', changes: changesBetween({} as Customer, customer, AUDITED_FIELDS) };
}

/** The customer read, unless unknown or erased (404). */
function known(customer: Customer | null, id: string): Customer {
  if (!customer || customer.status === 'erased') throw RegularsError.notFound('customer', id);
  return customer;
}

/** The customer read, if they may be served at the till: 404 unknown or erased, 423 terminated. */
export function servable(customer: Customer | null, id: string): Customer {
  const found = known(customer, id);
  if (found.status === 'terminated') throw new RegularsError('customer_terminated', `the membership of customer ${id} was terminated`, { customer: id });
  return found;
}
