import { Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { Outbox } from '../outbox/outbox.service.js';
import { CustomersRepository } from './customers.repository.js';
import type { Customer } from './entities/customer.entity.js';

/** Every personal value a customer row holds, and what it becomes when erased. */
const ANONYMOUS: Partial<Customer> = {
  firstName: null,
  middleName: null,
  lastName: null,
  organisationName: null,
  businessDomain: null,
  contactPerson: null,
  birthDate: null,
  gender: null,
  address: null,
  notes: null,
  preferencesText: null,
  preferenceTags: [],
  announcement: null,
  marketingConsent: false,
  marketingConsentAt: null,
  language: null,
  room: null,
  terminationReason: null,
  searchName: '',
  nameKey: null,
};

/** The customer's own rows when they are erased: the row keeps its id and status, its values go, contacts and tags with them. */
@Injectable()
export class CustomerErasure {
  constructor(
    private readonly repository: CustomersRepository,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The customer's row, locked until the erasure's unit of work ends; 404 for one the tenant does not have. */
  async lock(tenantId: string, customerId: string): Promise<Customer> {
    const customer = await this.repository.lockCustomer(tenantId, customerId);
    if (!customer) throw RegularsError.notFound('customer', customerId);
    return customer;
  }

  /** Anonymises one customer (once: a second erasure changes nothing, and tells no one again); answers rows changed by kind. */
  async erase(actor: RequestActor, customer: Customer): Promise<Record<string, number>> {
    const { tenantId, id: customerId } = customer;
    const now = this.config.clock.now();
    if (customer.status !== 'erased') this.outbox.record(tenantId, 'customer.erased', { customerId, erasedAt: now.toISOString() }, customerId);
    const rows = {
      customer: customer.status === 'erased' ? 0 : 1,
      contacts: await this.repository.deleteContactsOf(tenantId, customerId),
      tags: await this.repository.deleteTagsOf(tenantId, customerId),
    };
    await this.repository.anonymiseCustomer(tenantId, customerId, { ...ANONYMOUS, status: 'erased', erasedAt: customer.erasedAt ?? now, updatedAt: now, updatedBy: actor.id });
    return rows;
  }

  /** Every customer of the tenant at once, when a restaurant uninstalls the plugin. */
  async purge(actor: RequestActor): Promise<{ customersErased: number; rows: Record<string, number> }> {
    const { tenantId } = actor;
    const now = this.config.clock.now();
    const erased = await this.repository.idsNotErased(tenantId);
    this.outbox.recordAll(
      tenantId,
      erased.map((customerId) => ({ type: 'customer.erased', data: { customerId, erasedAt: now.toISOString() }, customerId })),
    );
    const customersErased = await this.repository.anonymiseEveryCustomer(tenantId, { ...ANONYMOUS, status: 'erased', erasedAt: now, updatedAt: now, updatedBy: actor.id });
    return {
      customersErased,
      rows: {
        contacts: await this.repository.deleteEveryContact(tenantId),
        tags: await this.repository.deleteEveryTag(tenantId),
      },
    };
  }
}
