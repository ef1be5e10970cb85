import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { addDays, localDate } from '../../common/calendar.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountTypesService } from '../accounts/account-types.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { JobEffects } from '../jobs/job-effects.service.js';
import { JobRegistry, type JobContext, type JobOutcome } from '../jobs/jobs.registry.js';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import type { BirthdayBenefitDto } from './birthday-benefit.dto.js';
import { BirthdaysRepository } from './birthdays.repository.js';

const CUSTOMERS_PER_BATCH = 500;
const NOTHING: BirthdayBenefitDto = { enabled: false, accountTypeCode: null, amount: null, categoryCode: null, categoryDays: 1 };

/** The days of the year whose birthdays fall on `date`: 29 February is kept on 28 February in other years. */
export function birthdaysOn(date: string): string[] {
  const monthDay = date.slice(5);
  const year = Number(date.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return monthDay === '02-28' && !leap ? ['02-28', '02-29'] : [monthDay];
}

/** The once-a-year key of a guest's gift; with an empty year, the start of every year's key. */
const giftKey = (customerId: string, year: string): string => `birthday:${customerId}:${year}`;

/** The birthday benefit: its settings, and the morning job that gives it once a year. */
@Injectable()
export class Birthdays implements OnModuleInit {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'birthdayGifts',
    export: async (tenantId, customerId) =>
      (await this.effects.withPrefix(tenantId, giftKey(customerId, ''))).map((gift) => ({ year: gift.effectKey.slice(-4), givenAt: gift.createdAt.toISOString(), runId: gift.runId })),
    // Kept by customer id and year, like the ledger entry the gift made, so no year gives twice.
    erase: async () => 0,
    purge: async () => 0,
  };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: BirthdaysRepository,
    private readonly jobs: JobRegistry,
    private readonly effects: JobEffects,
    private readonly customers: CustomersService,
    private readonly accounts: AccountsService,
    private readonly accountTypes: AccountTypesService,
    private readonly categories: PromotionCategoriesService,
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

  async get(tenantId: string): Promise<BirthdayBenefitDto> {
    const own = await this.repository.benefitOf(tenantId);
    if (!own) return NOTHING;
    const { enabled, accountTypeCode, amount, categoryCode, categoryDays } = own;
    return { enabled, accountTypeCode, amount, categoryCode, categoryDays };
  }

  async update(actor: RequestActor, input: BirthdayBenefitDto): Promise<BirthdayBenefitDto> {
    const benefit = { ...NOTHING, ...input };
    if ((benefit.accountTypeCode === null) !== (benefit.amount === null)) {
      throw new RegularsError('incomplete_benefit', 'accountTypeCode, amount: give both to credit an account, or neither');
    }
    if (benefit.enabled && benefit.accountTypeCode === null && benefit.categoryCode === null) {
      throw new RegularsError('empty_benefit', 'accountTypeCode or categoryCode: an enabled benefit gives something');
    }
    if (benefit.accountTypeCode) await this.accountTypes.byCode(actor.tenantId, benefit.accountTypeCode);
    if (benefit.categoryCode && !(await this.categories.all(actor.tenantId)).some((category) => category.code === benefit.categoryCode)) {
      throw new RegularsError('unknown_category', `categoryCode: there is no category ${benefit.categoryCode}`);
    }
    await this.repository.saveBenefit({ tenantId: actor.tenantId, ...benefit, categoryDays: benefit.categoryDays ?? 1, updatedAt: this.config.clock.now(), updatedBy: actor.id });
    return this.get(actor.tenantId);
  }

  /**
   * Today's birthdays in the tenant's time zone. Each guest's gift of the year is claimed
   * by key (`birthday:<customer>:<year>`) in the gift's own transaction, so a second run,
   * on another instance too, gives nothing twice.
   */
  private async give({ tenantId, runId, now, progress }: JobContext): Promise<JobOutcome> {
    const benefit = await this.get(tenantId);
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
        // The job's own batch: each gift commits alone, so gifts given before a failure stay given and a rerun skips them by key.
        const given = await this.uow.transaction(async () => {
          if (!(await this.effects.claim(tenantId, key, runId))) return false;
          if (benefit.accountTypeCode && benefit.amount) {
            await this.accounts.accrue({ tenantId, actorId: actor.id, actorName: actor.name, customerId, reason: 'Happy birthday', idempotencyKey: key }, benefit.accountTypeCode, benefit.amount);
          }
          if (benefit.categoryCode) {
            await this.categories.assign(actor, customerId, { categoryCode: benefit.categoryCode, validFrom: today, validTo: addDays(today, (benefit.categoryDays ?? 1) - 1) });
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
}
