import type { OutgoingEventData } from '../../contract/events-out.js';
import type { ContactDto, CustomerDto } from './dto/customer.dto.js';
import type { Customer } from './entities/customer.entity.js';
import type { CustomerContact } from './entities/customer-contact.entity.js';

export const ERASED_DISPLAY_NAME = 'Erased customer';

/** How staff see a customer's name. */
export function displayName(customer: Pick<Customer, 'kind' | 'status' | 'firstName' | 'middleName' | 'lastName' | 'organisationName'>): string {
  if (customer.status === 'erased') return ERASED_DISPLAY_NAME;
  if (customer.kind === 'organisation') return customer.organisationName ?? 'Unnamed organisation';
  return [customer.firstName, customer.middleName, customer.lastName].filter(Boolean).join(' ') || 'Unnamed guest';
}

export function presentContact(contact: CustomerContact): ContactDto {
  return { id: contact.id, type: contact.type, value: contact.value, label: contact.label, primary: contact.primarySlot === 'primary' };
}

export function presentCustomer(customer: Customer, contacts: CustomerContact[], tags: string[]): CustomerDto {
  return {
    id: customer.id,
    kind: customer.kind,
    status: customer.status,
    displayName: displayName(customer),
    firstName: customer.firstName,
    middleName: customer.middleName,
    lastName: customer.lastName,
    name: customer.organisationName,
    businessDomain: customer.businessDomain,
    contactPerson: customer.contactPerson,
    organisationId: customer.organisationId,
    birthDate: customer.birthDate,
    gender: customer.gender,
    address: customer.address,
    notes: customer.notes,
    preferences: { text: customer.preferencesText, tags: customer.preferenceTags },
    announcement: customer.announcement,
    tags: [...tags].sort(),
    responsibleEmployeeId: customer.responsibleEmployeeId,
    marketingConsent: customer.marketingConsent,
    marketingConsentAt: customer.marketingConsentAt?.toISOString() ?? null,
    language: customer.language,
    room: customer.room,
    tierId: customer.tierId,
    externalId: customer.externalId,
    contacts: contacts.map(presentContact),
    terminatedAt: customer.terminatedAt?.toISOString() ?? null,
    createdAt: customer.createdAt.toISOString(),
    createdBy: customer.createdBy,
    updatedAt: customer.updatedAt.toISOString(),
    updatedBy: customer.updatedBy,
  };
}

/** The guest's record as the events out carry it (CONTRACT.md, "Events out"). */
export function presentProfile(customer: Customer, contacts: CustomerContact[]): OutgoingEventData<'customer.created'>['profile'] {
  return {
    kind: customer.kind,
    firstName: customer.firstName,
    middleName: customer.middleName,
    lastName: customer.lastName,
    organisationName: customer.organisationName,
    birthDate: customer.birthDate,
    gender: customer.gender,
    contacts: contacts.map((contact) => ({ type: contact.type, value: contact.value, primary: contact.primarySlot === 'primary' })),
    marketingConsent: customer.marketingConsent,
  };
}
