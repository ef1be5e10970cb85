import { Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountTypesService } from '../accounts/account-types.service.js';
import { JobEffects } from '../jobs/job-effects.service.js';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import type { BirthdayBenefitDto } from './birthday-benefit.dto.js';
import { BirthdaysRepository } from './birthdays.repository.js';

const NOTHING: BirthdayBenefitDto = { enabled: false, accountTypeCode: null, amount: null, categoryCode: null, categoryDays: 1, couponCategoryCode: null, couponDays: 30 };

/** The days of the year whose birthdays fall on `date`: 29 February is kept on 28 February in other years. */
export function birthdaysOn(date: string): string[] {
  const monthDay = date.slice(5);
  const year = Number(date.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return monthDay === '02-28' && !leap ? ['02-28', '02-29'] : [monthDay];
}

/** The once-a-year key of a guest's gift; with an empty year, the start of every year's key. */
export const giftKey = (customerId: string, year: string): string => `birthday:${customerId}:${year}`;

/** The birthday benefit's settings, and what it keeps about a guest (BirthdayJob gives it). */
@Injectable()
export class Birthdays {
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
    private readonly repository: BirthdaysRepository,
    private readonly effects: JobEffects,
    private readonly accountTypes: AccountTypesService,
    private readonly categories: PromotionCategoriesService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async get(tenantId: string): Promise<BirthdayBenefitDto> {
    const own = await this.repository.benefitOf(tenantId);
    if (!own) return NOTHING;
    const { enabled, accountTypeCode, amount, categoryCode, categoryDays, couponCategoryCode, couponDays } = own;
    return { enabled, accountTypeCode, amount, categoryCode, categoryDays, couponCategoryCode, couponDays };
  }

  async update(actor: RequestActor, input: BirthdayBenefitDto): Promise<BirthdayBenefitDto> {
    const benefit = { ...NOTHING, ...input };
    if ((benefit.accountTypeCode === null) !== (benefit.amount === null)) {
      throw new RegularsError('incomplete_benefit', 'accountTypeCode, amount: give both to credit an account, or neither');
    }
    if (benefit.enabled && benefit.accountTypeCode === null && benefit.categoryCode === null && benefit.couponCategoryCode === null) {
      throw new RegularsError('empty_benefit', 'accountTypeCode, categoryCode or couponCategoryCode: an enabled benefit gives something');
    }
    if (benefit.accountTypeCode) await this.accountTypes.byCode(actor.tenantId, benefit.accountTypeCode);
    const categories = (await this.categories.all(actor.tenantId)).map((category) => category.code);
    for (const field of ['categoryCode', 'couponCategoryCode'] as const) {
      const code = benefit[field];
      if (code && !categories.includes(code)) throw new RegularsError('unknown_category', `${field}: there is no category ${code}`);
    }
    await this.repository.saveBenefit({
      tenantId: actor.tenantId,
      ...benefit,
      categoryDays: benefit.categoryDays ?? 1,
      couponCategoryCode: benefit.couponCategoryCode ?? null,
      couponDays: benefit.couponDays ?? 30,
      updatedAt: this.config.clock.now(),
      updatedBy: actor.id,
    });
    return this.get(actor.tenantId);
  }

}
