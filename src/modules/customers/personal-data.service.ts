import { Inject, Injectable } from '@nestjs/common';
import { Not } from 'typeorm';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { blankStoredAnswers } from '../../common/idempotency/idempotency-erasure.js';
import { PersonalDataRegistry } from '../../common/personal-data/personal-data.registry.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { CustomersService } from './customers.service.js';
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

export interface ErasureReport {
  customerId: string;
  erasedAt: string;
  /** Rows changed or removed, by kind of data. */
  rows: Record<string, number>;
}

export interface PurgeReport {
  tenantId: string;
  purgedAt: string;
  customersErased: number;
  rows: Record<string, number>;
}

/**
 * Erasure, export and the tenant purge. Money history and visits stay, tied to the
 * customer id only; names, contacts, identifier values and audited values go.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomersService,
    private readonly registry: PersonalDataRegistry,
    private readonly audit: AuditTrail,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async erase(actor: RequestActor, customerId: string): Promise<ErasureReport> {
    return this.uow.transaction(async (manager) => {
      const customer = await manager.findOne(Customer, { where: { tenantId: actor.tenantId, id: customerId }, lock: this.uow.rowLock });
      if (!customer) throw RegularsError.notFound('customer', customerId);
      const now = this.config.clock.now();
      const traces = new Set([customerId]);
      for (const holder of this.registry.all()) for (const trace of (await holder.traces?.(actor.tenantId, customerId)) ?? []) traces.add(trace);
      const rows: Record<string, number> = {
        customer: customer.status === 'erased' ? 0 : 1,
        contacts: (await manager.delete(CustomerContact, { tenantId: actor.tenantId, customerId })).affected ?? 0,
        tags: (await manager.delete(CustomerTag, { tenantId: actor.tenantId, customerId })).affected ?? 0,
      };
      await manager.update(
        Customer,
        { tenantId: actor.tenantId, id: customerId },
        { ...ANONYMOUS, status: 'erased', erasedAt: customer.erasedAt ?? now, updatedAt: now, updatedBy: actor.id },
      );
      for (const holder of this.registry.all()) rows[holder.name] = await holder.erase(actor.tenantId, customerId);
      rows.idempotentAnswers = await blankStoredAnswers(manager, actor.tenantId, [...traces], now);
      await this.audit.record(actor, { subjectType: 'customer', subjectId: customerId, customerId, action: 'erased' });
      return { customerId, erasedAt: (customer.erasedAt ?? now).toISOString(), rows };
    });
  }

  /** One JSON document with everything stored about the customer. */
  async export(actor: RequestActor, customerId: string): Promise<Record<string, unknown>> {
    return this.uow.transaction(async () => {
      const document: Record<string, unknown> = {
        exportedAt: this.config.clock.now().toISOString(),
        exportedBy: actor.id,
        customer: await this.customers.get(actor.tenantId, customerId),
      };
      for (const holder of this.registry.all()) document[holder.name] = await holder.export(actor.tenantId, customerId);
      await this.audit.record(actor, { subjectType: 'customer', subjectId: customerId, customerId, action: 'exported' });
      return document;
    });
  }

  /** When a restaurant uninstalls the plugin: every customer of the tenant erased at once. */
  async purgeTenant(actor: RequestActor): Promise<PurgeReport> {
    return this.uow.transaction(async (manager) => {
      const now = this.config.clock.now();
      const tenantId = actor.tenantId;
      const erased = await manager.update(
        Customer,
        { tenantId, status: Not('erased') },
        { ...ANONYMOUS, status: 'erased', erasedAt: now, updatedAt: now, updatedBy: actor.id },
      );
      const rows: Record<string, number> = {
        contacts: (await manager.delete(CustomerContact, { tenantId })).affected ?? 0,
        tags: (await manager.delete(CustomerTag, { tenantId })).affected ?? 0,
      };
      for (const holder of this.registry.all()) rows[holder.name] = await holder.purge(tenantId);
      rows.idempotentAnswers = await blankStoredAnswers(manager, tenantId, 'all', now);
      await this.audit.record(actor, { subjectType: 'tenant', subjectId: tenantId, customerId: null, action: 'purged' });
      return { tenantId, purgedAt: now.toISOString(), customersErased: erased.affected ?? 0, rows };
    });
  }
}
