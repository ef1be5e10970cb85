import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { addDays, localDate } from '../../common/calendar.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { JobEffects } from '../jobs/job-effects.service.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { Outbox } from '../outbox/outbox.service.js';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { PromoCodesService } from '../promo-codes/promo-codes.service.js';
import { BirthdaysRepository } from './birthdays.repository.js';
import { Birthdays, birthdaysOn, giftKey } from './birthdays.service.js';

const CUSTOMERS_PER_BATCH = 500;

/** The morning job that gives guests the birthday benefit once a year; each gift is its own unit of work. */
@Injectable()
export class BirthdayJob implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly birthdays: Birthdays,
    private readonly repository: BirthdaysRepository,
    private readonly jobs: JobRegistry,
    private readonly effects: JobEffects,
    private readonly customers: CustomersService,
    private readonly accounts: AccountsService,
    private readonly categories: PromotionCategoriesService,
    private readonly rewards: RewardsService,
    private readonly codes: PromoCodesService,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'birthdays',
      description: 'Gives guests whose birthday it is the tenant’s birthday benefit, once a year.',
      tenants: () => this.repository.tenantsGivingGifts(),
      run: (context) => this.give(context),
    });
  }

  /**
   * Today's birthdays in the tenant's time zone. Each guest's gift of the year is claimed
   * by key (`birthday:<customer>:<year>`) in the gift's own transaction, so a second run,
   * on another instance too, gives nothing twice.
   */
  private async give({ tenantId, runId, now, progress }: JobContext): Promise<JobOutcome> {
    const benefit = await this.birthdays.get(tenantId);
    const today = localDate(now, this.config.timeZone);
    const year = today.slice(0, 4);
    const actor: RequestActor = { tenantId, id: 'job:birthdays', name: 'Birthday job', permissions: [] };
    let guests = 0;
    let after = '';
    for (;;) {
      const ids = await this.customers.bornOn(tenantId, birthdaysOn(today), after, CUSTOMERS_PER_BATCH);
      if (ids.length === 0) break;
      for (const customerId of ids) {
        const key = giftKey(customerId, year);
        const given = await this.uow.transaction(async () => {
          if (!(await this.effects.claim(tenantId, key, runId))) return false;
          const { accountTypeCode, amount } = benefit;
          const entry =
            accountTypeCode && amount
              ? await this.accounts.accrue({ tenantId, actorId: actor.id, actorName: actor.name, customerId, reason: 'Happy birthday', idempotencyKey: key, moveReason: 'birthday' }, accountTypeCode, amount)
              : null;
          const credit = entry && accountTypeCode ? { accountId: entry.accountId, accountTypeCode, amount: entry.amount } : null;
          const until = addDays(today, (benefit.categoryDays ?? 1) - 1);
          if (benefit.categoryCode) await this.categories.assign(actor, customerId, { categoryCode: benefit.categoryCode, validFrom: today, validTo: until });
          const category = benefit.categoryCode ? { code: benefit.categoryCode, until } : null;
          const coupon = benefit.couponCategoryCode ? await this.giveCoupon(tenantId, customerId, benefit.couponCategoryCode, benefit.couponDays ?? 30, now) : null;
          // An amount rounded away to nothing, or a closed account, with no category or coupon: nothing was given to tell of.
          if (credit || category || coupon) this.outbox.record(tenantId, 'birthday.given', { customerId, year: Number(year), credit, category }, customerId);
          if (entry && accountTypeCode) {
            const type = await this.accounts.typeByCode(tenantId, accountTypeCode);
            const reaching = { accountId: entry.accountId, accountTypeId: type.id, accountTypeCode, amount: entry.amount, availableAfter: entry.balanceAfter - entry.heldAfter };
            this.outbox.recordAll(tenantId, await this.rewards.reachedBy(tenantId, customerId, reaching));
          }
          return true;
        });
        if (given) guests += 1;
      }
      after = ids[ids.length - 1];
      await progress(guests, null);
    }
    return { rowsTouched: guests, outcome: { guests } };
  }

  /** A single-use coupon of the guest's own, on their card and told to subscribers as next-order coupons are. */
  private async giveCoupon(tenantId: string, customerId: string, categoryCode: string, validDays: number, at: Date): Promise<string> {
    const code = await this.codes.issueCoupon({ tenantId, customerId, categoryCode, at, validDays, issuedBy: 'job:birthdays' });
    const validTo = code.validTo!.toISOString();
    this.outbox.record(tenantId, 'coupon.issued', { customerId, code: code.code, categoryCode, validFrom: at.toISOString(), validTo, tabId: null, ruleId: null }, customerId);
    return code.code;
  }
}
