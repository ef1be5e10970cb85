import { ReferralsService } from '../../modules/referrals/referrals.service.js';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { IdempotencyRepository } from '../../common/idempotency/idempotency.repository.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { AuditTrail } from '../../modules/audit/audit-trail.service.js';
import { Birthdays } from '../../modules/birthdays/birthdays.service.js';
import { CustomerErasure } from '../../modules/customers/customer-erasure.js';
import { CustomersService } from '../../modules/customers/customers.service.js';
import { GuestTabsService } from '../../modules/guest-tabs/guest-tabs.service.js';
import { IdentifiersService } from '../../modules/identification/identifiers.service.js';
import { MembershipsService } from '../../modules/memberships/memberships.service.js';
import { Outbox } from '../../modules/outbox/outbox.service.js';
import { PromotionCategoriesService } from '../../modules/promotion-categories/promotion-categories.service.js';
import { CustomerTierView } from '../../modules/tiers/customer-tier-view.js';
import { DailyUsage } from '../../modules/usage/daily-usage.service.js';
import { VisitsService } from '../../modules/visits/visits.service.js';
import { Inbox } from '../guest-tab/inbox/inbox.service.js';

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
 * customer id only; names, contacts, identifier values and audited values go. Every module
 * that keeps something about a guest is asked by name, below; a module added later that
 * keeps personal values joins this list.
 */
@Injectable()
export class PrivacyFlow {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomersService,
    private readonly customerErasure: CustomerErasure,
    private readonly identifiers: IdentifiersService,
    private readonly categories: PromotionCategoriesService,
    private readonly accounts: AccountsService,
    private readonly memberships: MembershipsService,
    private readonly visits: VisitsService,
    private readonly guestTabs: GuestTabsService,
    private readonly inbox: Inbox,
    private readonly usage: DailyUsage,
    private readonly birthdays: Birthdays,
    private readonly referrals: ReferralsService,
    private readonly tierView: CustomerTierView,
    private readonly audit: AuditTrail,
    private readonly storedAnswers: IdempotencyRepository,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** What each module keeps about a guest, in the order the export lists it and erasure clears it. */
  private holders(): PersonalDataHolder[] {
    return [
      this.identifiers.personalData,
      this.categories.personalData,
      this.accounts.personalData,
      this.memberships.personalData,
      this.visits.personalData,
      this.guestTabs.personalData,
      this.inbox.personalData,
      this.usage.personalData,
      this.birthdays.personalData,
      this.referrals.personalData,
      this.tierView.personalData,
      this.audit.personalData,
      this.outbox.personalData,
    ];
  }

  async erase(actor: RequestActor, customerId: string): Promise<ErasureReport> {
    return this.uow.transaction(async () => {
      const customer = await this.customerErasure.lock(actor.tenantId, customerId);
      const erasedAt = customer.erasedAt ?? this.config.clock.now();
      // Asked before anything is erased: copies of these values elsewhere (stored idempotent answers) go too.
      const traces = new Set([customerId]);
      for (const holder of this.holders()) for (const trace of (await holder.traces?.(actor.tenantId, customerId)) ?? []) traces.add(trace);
      const rows = await this.customerErasure.erase(actor, customer);
      for (const holder of this.holders()) rows[holder.name] = await holder.erase(actor.tenantId, customerId);
      rows.idempotentAnswers = await this.storedAnswers.blankStoredAnswers(actor.tenantId, [...traces], this.config.clock.now());
      await this.audit.record(actor, { subjectType: 'customer', subjectId: customerId, customerId, action: 'erased' });
      return { customerId, erasedAt: erasedAt.toISOString(), rows };
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
      for (const holder of this.holders()) document[holder.name] = await holder.export(actor.tenantId, customerId);
      await this.audit.record(actor, { subjectType: 'customer', subjectId: customerId, customerId, action: 'exported' });
      return document;
    });
  }

  /** When a restaurant uninstalls the plugin: every customer of the tenant erased at once. */
  async purgeTenant(actor: RequestActor): Promise<PurgeReport> {
    return this.uow.transaction(async () => {
      const now = this.config.clock.now();
      const { customersErased, rows } = await this.customerErasure.purge(actor);
      for (const holder of this.holders()) rows[holder.name] = await holder.purge(actor.tenantId);
      rows.idempotentAnswers = await this.storedAnswers.blankStoredAnswers(actor.tenantId, 'all', now);
      await this.audit.record(actor, { subjectType: 'tenant', subjectId: actor.tenantId, customerId: null, action: 'purged' });
      return { tenantId: actor.tenantId, purgedAt: now.toISOString(), customersErased, rows };
    });
  }
}
