import { Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { normaliseContact, type ContactType } from './contact-normaliser.js';
import { CustomersRepository } from './customers.repository.js';
import { presentContact, presentProfile } from './customer-presenter.js';
import type { ContactDto } from './dto/customer.dto.js';
import type { ContactInputDto, UpdateContactDto } from './dto/customer-input.dto.js';
import type { Customer } from './entities/customer.entity.js';
import type { CustomerContact } from './entities/customer-contact.entity.js';

export interface ContactToSave {
  type: ContactType;
  value: string;
  label: string | null;
  primary: boolean;
}

/** A customer's typed contacts; phones in E.164, one primary per type. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly repository: CustomersRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Normalises contacts as typed; a bad one is a 400 naming its place in the request. */
  normaliseAll(inputs: ContactInputDto[], country: string | null, path: string): ContactToSave[] {
    const problems: string[] = [];
    const contacts = inputs.map((input, i) => {
      const normalised = normaliseContact(input.type, input.value, country);
      if ('problem' in normalised) problems.push(`${path}[${i}].value: ${normalised.problem}`);
      return { type: input.type, value: 'value' in normalised ? normalised.value : '', label: input.label ?? null, primary: input.primary ?? false };
    });
    const typesWithTwoPrimaries = new Set(contacts.filter((c) => c.primary).map((c) => c.type).filter((type, i, all) => all.indexOf(type) !== i));
    for (const type of typesWithTwoPrimaries) problems.push(`${path}: only one ${type} contact can be primary`);
    if (problems.length > 0) throw validationFailed(problems);
    return contacts;
  }

  /** Saves a new customer's contacts: the flagged one, else the first, is primary of its type. */
  async insertAll(customer: Pick<Customer, 'tenantId' | 'id'>, contacts: ContactToSave[], now: Date): Promise<CustomerContact[]> {
    return (await this.insertForMany([{ customer, contacts }], now))[0];
  }

  /** Each customer's new contacts, the first of a type primary unless one says it is; one statement for all. */
  async insertForMany(customers: { customer: Pick<Customer, 'tenantId' | 'id'>; contacts: ContactToSave[] }[], now: Date): Promise<CustomerContact[][]> {
    const rows = customers.map(({ customer, contacts }) =>
      contacts.map((contact, i) => {
        const flagged = contacts.some((other) => other.type === contact.type && other.primary);
        return newContact(customer, contact, flagged ? contact.primary : contacts.findIndex((other) => other.type === contact.type) === i, now);
      }),
    );
    if (rows.some((own) => own.length > 0)) await this.repository.insertContacts(rows.flat());
    return rows;
  }

  async list(tenantId: string, customerId: string): Promise<ContactDto[]> {
    await this.requireCustomer(tenantId, customerId);
    return ((await this.forCustomers(tenantId, [customerId])).get(customerId) ?? []).map(presentContact);
  }

  async add(actor: RequestActor, customerId: string, input: ContactInputDto): Promise<ContactDto> {
    const [contact] = this.normaliseAll([input], await this.settings.defaultCountry(actor.tenantId), 'contact');
    const customer = await this.lockCustomer(actor.tenantId, customerId);
    const existing = await this.repository.contactsOfType(actor.tenantId, customerId, contact.type);
    if (existing.some((other) => other.value === contact.value)) {
      throw new RegularsError('contact_exists', `the customer already has ${contact.type} ${contact.value}`);
    }
    const primary = contact.primary || existing.length === 0;
    if (primary) await this.repository.demotePrimary(actor.tenantId, customerId, contact.type);
    const row = newContact({ tenantId: actor.tenantId, id: customerId }, contact, primary, this.config.clock.now());
    await this.repository.insertContacts([row]);
    await this.audit.record(actor, {
      subjectType: 'contact',
      subjectId: row.id,
      customerId,
      action: 'contact_added',
      changes: [{ field: contact.type, from: null, to: contact.value }],
    });
    await this.recordChanged(customer);
    return presentContact(row);
  }

  async update(actor: RequestActor, customerId: string, contactId: string, input: UpdateContactDto): Promise<ContactDto> {
    const customer = await this.lockCustomer(actor.tenantId, customerId);
    const contact = await this.repository.contact(actor.tenantId, customerId, contactId);
    if (!contact) throw RegularsError.notFound('contact', contactId);
    const before = { ...contact };
    if (input.value !== undefined) {
      const [normalised] = this.normaliseAll([{ type: contact.type, value: input.value }], await this.settings.defaultCountry(actor.tenantId), 'contact');
      contact.value = normalised.value;
    }
    if (input.label !== undefined) contact.label = input.label;
    if (input.primary && contact.primarySlot !== 'primary') {
      await this.repository.demotePrimary(actor.tenantId, customerId, contact.type);
      contact.primarySlot = 'primary';
    }
    await this.repository.saveContact(contact);
    await this.audit.record(actor, {
      subjectType: 'contact',
      subjectId: contactId,
      customerId,
      action: 'contact_updated',
      changes: [{ field: contact.type, from: before.value, to: contact.value }],
    });
    if (contact.value !== before.value || contact.label !== before.label || contact.primarySlot !== before.primarySlot) await this.recordChanged(customer);
    return presentContact(contact);
  }

  /** Removes a contact; if it was the primary of its type, the oldest other one becomes primary. */
  async remove(actor: RequestActor, customerId: string, contactId: string): Promise<void> {
    const customer = await this.lockCustomer(actor.tenantId, customerId);
    const contact = await this.repository.contact(actor.tenantId, customerId, contactId);
    if (!contact) throw RegularsError.notFound('contact', contactId);
    await this.repository.deleteContact(actor.tenantId, contactId);
    if (contact.primarySlot === 'primary') {
      const next = await this.repository.oldestContactOfType(actor.tenantId, customerId, contact.type);
      if (next) await this.repository.makePrimary(actor.tenantId, next.id);
    }
    await this.audit.record(actor, {
      subjectType: 'contact',
      subjectId: contactId,
      customerId,
      action: 'contact_removed',
      changes: [{ field: contact.type, from: contact.value, to: null }],
    });
    await this.recordChanged(customer);
  }

  forCustomers(tenantId: string, customerIds: string[]): Promise<Map<string, CustomerContact[]>> {
    return this.repository.contactsOf(tenantId, customerIds);
  }

  /** Ids of customers having any of these normalised contact values. */
  async customersWithValue(tenantId: string, values: string[]): Promise<string[]> {
    if (values.length === 0) return [];
    return this.repository.customersWithContactValue(tenantId, values);
  }

  private async requireCustomer(tenantId: string, customerId: string): Promise<void> {
    const customer = await this.repository.customer(tenantId, customerId);
    if (!customer || customer.status === 'erased') throw RegularsError.notFound('customer', customerId);
  }

  /** Locked while their contacts change: concurrent edits of one guest's contacts queue rather than collide on the one-primary key. */
  private async lockCustomer(tenantId: string, customerId: string): Promise<Customer> {
    const customer = await this.repository.lockCustomer(tenantId, customerId);
    if (!customer || customer.status === 'erased') throw RegularsError.notFound('customer', customerId);
    return customer;
  }

  /** The guest's contacts changed: the event carries their profile with the contacts as they are now. */
  private async recordChanged(customer: Customer): Promise<void> {
    const contacts = (await this.forCustomers(customer.tenantId, [customer.id])).get(customer.id) ?? [];
    this.outbox.record(customer.tenantId, 'customer.changed', { customerId: customer.id, changed: ['contacts'], profile: presentProfile(customer, contacts) }, customer.id);
  }
}

function newContact(customer: Pick<Customer, 'tenantId' | 'id'>, contact: ContactToSave, primary: boolean, now: Date): CustomerContact {
  return {
    tenantId: customer.tenantId,
    id: newId('ct', now),
    customerId: customer.id,
    type: contact.type,
    value: contact.value,
    label: contact.label,
    primarySlot: primary ? 'primary' : null,
    createdAt: now,
  };
}
