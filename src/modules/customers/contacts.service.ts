import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { normaliseContact, type ContactType } from './contact-normaliser.js';
import { presentContact } from './customer-presenter.js';
import type { ContactDto } from './dto/customer.dto.js';
import type { ContactInputDto, UpdateContactDto } from './dto/customer-input.dto.js';
import { Customer } from './entities/customer.entity.js';
import { CustomerContact } from './entities/customer-contact.entity.js';

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
    private readonly uow: UnitOfWork,
    private readonly settings: SettingsService,
    private readonly audit: AuditTrail,
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
    const rows = contacts.map((contact, i) => {
      const flagged = contacts.some((other) => other.type === contact.type && other.primary);
      return newContact(customer, contact, flagged ? contact.primary : contacts.findIndex((other) => other.type === contact.type) === i, now);
    });
    if (rows.length > 0) await this.uow.manager.insert(CustomerContact, rows);
    return rows;
  }

  async list(tenantId: string, customerId: string): Promise<ContactDto[]> {
    await this.requireCustomer(tenantId, customerId);
    return ((await this.forCustomers(tenantId, [customerId])).get(customerId) ?? []).map(presentContact);
  }

  async add(actor: RequestActor, customerId: string, input: ContactInputDto): Promise<ContactDto> {
    const [contact] = this.normaliseAll([input], await this.settings.defaultCountry(actor.tenantId), 'contact');
    return this.uow.transaction(async (manager) => {
      await this.requireCustomer(actor.tenantId, customerId, true);
      const existing = await manager.findBy(CustomerContact, { tenantId: actor.tenantId, customerId, type: contact.type });
      if (existing.some((other) => other.value === contact.value)) {
        throw new RegularsError('contact_exists', `the customer already has ${contact.type} ${contact.value}`);
      }
      const primary = contact.primary || existing.length === 0;
      if (primary) await this.demotePrimary(actor.tenantId, customerId, contact.type);
      const row = newContact({ tenantId: actor.tenantId, id: customerId }, contact, primary, this.config.clock.now());
      await manager.insert(CustomerContact, row);
      await this.audit.record(actor, {
        subjectType: 'contact',
        subjectId: row.id,
        customerId,
        action: 'contact_added',
        changes: [{ field: contact.type, from: null, to: contact.value }],
      });
      return presentContact(row);
    });
  }

  async update(actor: RequestActor, customerId: string, contactId: string, input: UpdateContactDto): Promise<ContactDto> {
    return this.uow.transaction(async (manager) => {
      await this.requireCustomer(actor.tenantId, customerId, true);
      const contact = await manager.findOneBy(CustomerContact, { tenantId: actor.tenantId, customerId, id: contactId });
      if (!contact) throw RegularsError.notFound('contact', contactId);
      const before = { ...contact };
      if (input.value !== undefined) {
        const [normalised] = this.normaliseAll([{ type: contact.type, value: input.value }], await this.settings.defaultCountry(actor.tenantId), 'contact');
        contact.value = normalised.value;
      }
      if (input.label !== undefined) contact.label = input.label;
      if (input.primary && contact.primarySlot !== 'primary') {
        await this.demotePrimary(actor.tenantId, customerId, contact.type);
        contact.primarySlot = 'primary';
      }
      await manager.save(CustomerContact, contact);
      await this.audit.record(actor, {
        subjectType: 'contact',
        subjectId: contactId,
        customerId,
        action: 'contact_updated',
        changes: [{ field: contact.type, from: before.value, to: contact.value }],
      });
      return presentContact(contact);
    });
  }

  /** Removes a contact; if it was the primary of its type, the oldest other one becomes primary. */
  async remove(actor: RequestActor, customerId: string, contactId: string): Promise<void> {
    await this.uow.transaction(async (manager) => {
      await this.requireCustomer(actor.tenantId, customerId, true);
      const contact = await manager.findOneBy(CustomerContact, { tenantId: actor.tenantId, customerId, id: contactId });
      if (!contact) throw RegularsError.notFound('contact', contactId);
      await manager.delete(CustomerContact, { tenantId: actor.tenantId, id: contactId });
      if (contact.primarySlot === 'primary') {
        const next = await manager.findOne(CustomerContact, { where: { tenantId: actor.tenantId, customerId, type: contact.type }, order: { id: 'ASC' } });
        if (next) await manager.update(CustomerContact, { tenantId: actor.tenantId, id: next.id }, { primarySlot: 'primary' });
      }
      await this.audit.record(actor, {
        subjectType: 'contact',
        subjectId: contactId,
        customerId,
        action: 'contact_removed',
        changes: [{ field: contact.type, from: contact.value, to: null }],
      });
    });
  }

  async forCustomers(tenantId: string, customerIds: string[]): Promise<Map<string, CustomerContact[]>> {
    const byCustomer = new Map<string, CustomerContact[]>();
    if (customerIds.length === 0) return byCustomer;
    const rows = await this.uow.read((manager) =>
      manager.find(CustomerContact, { where: { tenantId, customerId: In(customerIds) }, order: { id: 'ASC' } }),
    );
    for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
    return byCustomer;
  }

  /** Ids of customers having any of these normalised contact values. */
  async customersWithValue(tenantId: string, values: string[]): Promise<string[]> {
    if (values.length === 0) return [];
    const rows = await this.uow.read((manager) =>
      manager.find(CustomerContact, { where: { tenantId, value: In(values) }, select: { customerId: true } }),
    );
    return [...new Set(rows.map((row) => row.customerId))];
  }

  private async demotePrimary(tenantId: string, customerId: string, type: ContactType): Promise<void> {
    await this.uow.manager.update(CustomerContact, { tenantId, customerId, type, primarySlot: 'primary' }, { primarySlot: null });
  }

  private async requireCustomer(tenantId: string, customerId: string, lock = false): Promise<void> {
    const customer = await this.uow.read((manager) =>
      manager.findOne(Customer, { where: { tenantId, id: customerId }, lock: lock ? this.uow.rowLock : undefined }),
    );
    if (!customer || customer.status === 'erased') throw RegularsError.notFound('customer', customerId);
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
