import { Inject, Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountTypesService } from '../accounts/account-types.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { HoldsService } from '../accounts/holds.service.js';
import type { FactToRecord } from '../outbox/outbox.service.js';
import { localTime } from '../sales-rules/engine/local-time.js';
import { timeHolds } from '../sales-rules/engine/matching.js';
import type { Category, Rule } from '../sales-rules/engine/types.js';
import type { CreateRewardDto, OfferDto, RewardDto, UpdateRewardDto } from './reward.dto.js';
import type { Reward, RewardBenefit } from './reward.entity.js';
import { RewardsRepository } from './rewards.repository.js';

/** What chosen rewards add to an evaluation: categories the tab gets and the rules they bring. */
export interface RewardExtras {
  categories: Category[];
  rules: Rule[];
  tabCategories: string[];
}

/** Synthetic categories of rewards cannot clash with managers' codes, which have no colon. */
const rewardCategory = (reward: Reward) => `REWARD:${reward.code}`;

/** A credit to an account, as far as reaching a reward goes. */
export interface ReachingCredit {
  accountId: string;
  accountTypeId: string;
  accountTypeCode: string;
  amount: number;
  /** What may be spent after the credit: the balance less what holds set aside. */
  availableAfter: number;
}

/** The rewards catalogue, and what a customer can take from it now. */
@Injectable()
export class RewardsService {
  /** The catalogue, cheapest first, as every card and evaluate offers it: kept per tenant revision. */
  private readonly catalogue: RevisionCache<Reward[]>;

  constructor(
    private readonly repository: RewardsRepository,
    private readonly revisions: TenantRevisions,
    private readonly types: AccountTypesService,
    private readonly accounts: AccountsService,
    private readonly holds: HoldsService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {
    this.catalogue = new RevisionCache(revisions, (tenantId) => this.repository.catalogueOf(tenantId));
  }

  async create(actor: RequestActor, input: CreateRewardDto): Promise<RewardDto> {
    const type = await this.types.byCode(actor.tenantId, input.accountTypeCode);
    const now = this.config.clock.now();
    const benefit = instanceToPlain(input.benefit) as RewardBenefit;
    if (benefit.kind === 'free_product') benefit.units ??= 1;
    if (benefit.kind === 'amount_off') benefit.currency ??= this.config.defaultCurrency;
    const reward: Reward = {
      tenantId: actor.tenantId,
      id: newId('rw', now),
      code: input.code,
      name: input.name,
      description: input.description ?? null,
      benefit,
      accountTypeId: type.id,
      price: input.price,
      availableFrom: input.availableFrom ?? null,
      availableTo: input.availableTo ?? null,
      daysOfWeek: input.daysOfWeek ?? null,
      timeFrom: input.timeFrom ?? null,
      timeTo: input.timeTo ?? null,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.id,
    };
    try {
      await this.repository.insertReward(reward);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RegularsError('reward_exists', `code: a reward ${input.code} exists`);
      throw error;
    }
    await this.revisions.bump(actor.tenantId);
    return this.present(reward, type.code);
  }

  async update(actor: RequestActor, id: string, input: UpdateRewardDto): Promise<RewardDto> {
    const reward = await this.repository.reward(actor.tenantId, id);
    if (!reward) throw RegularsError.notFound('reward', id);
    Object.assign(reward, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), {
      updatedAt: this.config.clock.now(),
      updatedBy: actor.id,
    });
    await this.repository.saveReward(reward);
    await this.revisions.bump(actor.tenantId);
    return this.present(reward, (await this.types.get(actor.tenantId, reward.accountTypeId)).code);
  }

  async list(tenantId: string): Promise<RewardDto[]> {
    const rewards = await this.repository.rewardsOf(tenantId);
    const types = new Map((await this.types.list(tenantId)).map((type) => [type.id, type.code]));
    return rewards.map((reward) => this.present(reward, types.get(reward.accountTypeId)!));
  }

  findMany(tenantId: string, ids: string[]): Promise<Reward[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repository.rewardsByIds(tenantId, ids);
  }

  /** Whether a reward can be taken at a moment: active, within its dates, days and hours in the tenant's time zone. */
  availableAt(reward: Reward, at: Date): boolean {
    const window = {
      dateFrom: reward.availableFrom ?? undefined,
      dateTo: reward.availableTo ?? undefined,
      daysOfWeek: reward.daysOfWeek ?? undefined,
      timeFrom: reward.timeFrom ?? undefined,
      timeTo: reward.timeTo ?? undefined,
    };
    return reward.active && timeHolds(window, localTime(at, this.config.timeZone));
  }

  /**
   * The rewards a customer can take now, affordable from the available balance of their
   * holder's account. On a tab, a reward whose price is held there already is on offer
   * whatever is left: those points pay for it, and the offer names their hold.
   */
  async offers(tenantId: string, customerId: string, at: Date, chosen: string[] = [], tabId?: string): Promise<OfferDto[]> {
    const rewards = (await this.catalogue.get(tenantId)).filter((reward) => reward.active);
    if (rewards.length === 0) return [];
    const [accounts, heldOnTab] = await Promise.all([this.accounts.ofHolderOf(tenantId, customerId), tabId ? this.holds.openForTab(tenantId, tabId) : []]);
    const offers: OfferDto[] = [];
    for (const reward of rewards) {
      const account = accounts.find((candidate) => candidate.accountType.id === reward.accountTypeId && candidate.status === 'open');
      if (!account || !this.availableAt(reward, at)) continue;
      const hold = heldOnTab.find((candidate) => candidate.rewardId === reward.id && candidate.accountId === account.id);
      if (!hold && account.available < reward.price) continue;
      offers.push({
        rewardId: reward.id,
        code: reward.code,
        name: reward.name,
        description: reward.description,
        benefit: reward.benefit,
        price: reward.price,
        accountTypeCode: account.accountType.code,
        accountId: account.id,
        holdId: hold?.id ?? null,
        chosen: chosen.includes(reward.id),
      });
    }
    return offers;
  }

  /**
   * The active rewards paid from an account type whose price a balance has just reached:
   * above what was available before, within what is available now.
   */
  private async reachedBetween(tenantId: string, accountTypeId: string, before: number, after: number): Promise<Reward[]> {
    if (after <= before) return [];
    return (await this.catalogue.get(tenantId)).filter((reward) => reward.active && reward.accountTypeId === accountTypeId && reward.price > before && reward.price <= after);
  }

  /**
   * reward.reachable for each reward a credit to a guest's account brought within reach: its
   * price above what was available before the credit, within what is available after it.
   */
  async reachedBy(tenantId: string, customerId: string, credit: ReachingCredit): Promise<FactToRecord[]> {
    const rewards = await this.reachedBetween(tenantId, credit.accountTypeId, credit.availableAfter - credit.amount, credit.availableAfter);
    return rewards.map((reward) => ({
      type: 'reward.reachable',
      customerId,
      data: {
        customerId,
        rewardId: reward.id,
        rewardCode: reward.code,
        rewardName: reward.name,
        accountId: credit.accountId,
        accountTypeCode: credit.accountTypeCode,
        price: reward.price,
        balance: credit.availableAfter,
      },
    }));
  }

  /** The engine's view of chosen rewards: one synthetic category and rule each. */
  extrasFor(rewards: Reward[]): RewardExtras {
    const extras: RewardExtras = { categories: [], rules: [], tabCategories: [] };
    for (const reward of rewards) {
      const benefit = reward.benefit;
      if (benefit.kind === 'category') {
        extras.tabCategories.push(benefit.categoryCode);
        continue;
      }
      const code = rewardCategory(reward);
      extras.categories.push({ code, lineDiscountCapBp: null });
      extras.tabCategories.push(code);
      extras.rules.push({
        id: reward.id,
        version: 1,
        categoryCode: code,
        name: reward.name,
        priority: 0,
        stacking: 'stack',
        effect:
          benefit.kind === 'free_product'
            ? { kind: 'free_units', units: benefit.units }
            : benefit.kind === 'amount_off'
              ? { kind: 'amount_off', amount: benefit.amount, per: 'tab', currency: benefit.currency }
              : { kind: 'percent_off', percentBp: benefit.percentBp },
        scope: benefit.kind === 'free_product' ? { productIds: [benefit.productId] } : {},
        conditions: {},
      });
    }
    return extras;
  }

  private present(reward: Reward, accountTypeCode: string): RewardDto {
    const { tenantId: _tenant, accountTypeId: _type, createdAt: _created, updatedAt: _updated, updatedBy: _by, ...shown } = reward;
    return { ...shown, accountTypeCode };
  }
}
