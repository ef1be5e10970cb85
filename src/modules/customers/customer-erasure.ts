import { Inject, Injectable } from '@nestjs/common';
import { Not } from 'typeorm';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { Customer } from './entities/customer.entity.js';
import { CustomerContact } from './entities/customer-contact.entity.js';
import { CustomerTag } from './entities/customer-tag.entity.js';

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
  room: null,
  terminationReason: null,
  searchName: '',
  nameKey: null,
};

/** The customer's own rows when they are erased: the row keeps its id and status, its values go, contacts and tags with them. */
@Injectable()
export class CustomerErasure {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The customer's row, locked until the erasure's unit of work ends; 404 for one the tenant does not have. */
  async lock(tenantId: string, customerId: string): Promise<Customer> {
    const customer = await this.uow.manager.findOne(Customer, { where: { tenantId, id: customerId }, lock: this.uow.rowLock });
    if (!customer) throw RegularsError.notFound('customer', customerId);
    return customer;
  }

  /** Anonymises one customer (once: a second erasure changes nothing); answers rows changed by kind. */
  async erase(actor: RequestActor, customer: Customer): Promise<Record<string, number>> {
    const { tenantId, id: customerId } = customer;
    const now = this.config.clock.now();
    const rows = {
      customer: customer.status === 'erased' ? 0 : 1,
      contacts: (await this.uow.manager.delete(CustomerContact, { tenantId, customerId })).affected ?? 0,
      tags: (await this.uow.manager.delete(CustomerTag, { tenantId, customerId })).affected ?? 0,
    };
    await this.uow.manager.update(Customer, { tenantId, id: customerId }, { ...ANONYMOUS, status: 'erased', erasedAt: customer.erasedAt ?? now, updatedAt: now, updatedBy: actor.id });
    return rows;
  }

  /** Every customer of the tenant at once, when a restaurant uninstalls the plugin. */
  async purge(actor: RequestActor): Promise<{ customersErased: number; rows: Record<string, number> }> {
    const { tenantId } = actor;
    const now = this.config.clock.now();
    const erased = await this.uow.manager.update(Customer, { tenantId, status: Not('erased') }, { ...ANONYMOUS, status: 'erased', erasedAt: now, updatedAt: now, updatedBy: actor.id });
    return {
      customersErased: erased.affected ?? 0,
      rows: {
        contacts: (await this.uow.manager.delete(CustomerContact, { tenantId })).affected ?? 0,
        tags: (await this.uow.manager.delete(CustomerTag, { tenantId })).affected ?? 0,
      },
    };
  }
}
