import { Inject, Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import { TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import type { CreateSalesRuleDto, ListSalesRulesQueryDto, RuleBudgetDto, SalesRuleDto, UpdateSalesRuleDto } from './dto/sales-rule.dto.js';
import type { EffectDto } from './dto/effect.dto.js';
import type { Conditions, Effect, EffectKind } from './engine/types.js';
import { LIMITABLE_KINDS, type RuleBudget } from './rule-limits.js';
import type { SalesRule } from './entities/sales-rule.entity.js';
import type { SalesRuleVersion } from './entities/sales-rule-version.entity.js';
import { SalesRulesRepository } from './sales-rules.repository.js';

function present(rule: SalesRule, categoryCode: string): SalesRuleDto {
  return {
    id: rule.id,
    categoryId: rule.categoryId,
    categoryCode,
    name: rule.name,
    active: rule.active,
    priority: rule.priority,
    stacking: rule.stacking,
    effect: rule.effect,
    scope: rule.scope,
    conditions: rule.conditions,
    discountBase: rule.discountBase,
    accrualBase: rule.accrualBase,
    budget: rule.budget ?? null,
    version: rule.version,
    updatedAt: rule.updatedAt.toISOString(),
    updatedBy: rule.updatedBy,
  };
}

/** Sales rules as managers keep them: every change is a new version, kept for good. */
@Injectable()
export class SalesRulesService {
  constructor(
    private readonly repository: SalesRulesRepository,
    private readonly categories: PromotionCategoriesService,
    private readonly revisions: TenantRevisions,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async create(actor: RequestActor, input: CreateSalesRuleDto): Promise<SalesRuleDto> {
    const conditions = checkedConditions(input.conditions);
    await this.requireCouponCategory(actor.tenantId, input.effect);
    const category = await this.categories.byCode(actor.tenantId, input.categoryCode);
    if (!category) {
      throw new RegularsError('unknown_category', `categoryCode: there is no category ${input.categoryCode}`);
    }
    const now = this.config.clock.now();
    const rule: SalesRule = {
      tenantId: actor.tenantId,
      id: newId('sr', now),
      categoryId: category.id,
      name: input.name ?? null,
      active: input.active ?? true,
      priority: input.priority ?? 100,
      stacking: input.stacking ?? 'stack',
      effect: this.effectOf(input.effect),
      scope: plain(input.scope ?? {}),
      conditions,
      discountBase: input.discountBase ? plain(input.discountBase) : null,
      accrualBase: input.accrualBase ? plain(input.accrualBase) : null,
      budget: checkedBudget(input.budget, input.effect.kind),
      version: 1,
      createdAt: now,
      createdBy: actor.id,
      updatedAt: now,
      updatedBy: actor.id,
    };
    await this.repository.insertRule(rule);
    await this.keepVersion(actor, rule, category.code, 'created');
    return present(rule, category.code);
  }

  async update(actor: RequestActor, id: string, input: UpdateSalesRuleDto): Promise<SalesRuleDto> {
    const rule = await this.repository.lockRule(actor.tenantId, id);
    if (!rule) throw RegularsError.notFound('sales_rule', id);
    if (input.name !== undefined) rule.name = input.name;
    if (input.active !== undefined) rule.active = input.active;
    if (input.priority !== undefined) rule.priority = input.priority;
    if (input.stacking !== undefined) rule.stacking = input.stacking;
    if (input.effect !== undefined) {
      await this.requireCouponCategory(actor.tenantId, input.effect);
      rule.effect = this.effectOf(input.effect);
    }
    if (input.scope !== undefined) rule.scope = plain(input.scope);
    if (input.conditions !== undefined) rule.conditions = checkedConditions(input.conditions);
    if (input.discountBase !== undefined) rule.discountBase = input.discountBase && plain(input.discountBase);
    if (input.accrualBase !== undefined) rule.accrualBase = input.accrualBase && plain(input.accrualBase);
    rule.budget = checkedBudget(input.budget === undefined ? rule.budget : input.budget, rule.effect.kind);
    Object.assign(rule, { version: rule.version + 1, updatedAt: this.config.clock.now(), updatedBy: actor.id });
    await this.repository.saveRule(rule);
    const category = await this.categories.get(actor.tenantId, rule.categoryId);
    await this.keepVersion(actor, rule, category.code, 'updated');
    return present(rule, category.code);
  }

  async get(tenantId: string, id: string): Promise<SalesRuleDto> {
    const rule = await this.repository.rule(tenantId, id);
    if (!rule) throw RegularsError.notFound('sales_rule', id);
    return present(rule, (await this.categories.get(tenantId, rule.categoryId)).code);
  }

  async list(tenantId: string, query: ListSalesRulesQueryDto): Promise<SalesRuleDto[]> {
    const categories = new Map((await this.categories.all(tenantId)).map((category) => [category.id, category]));
    const categoryIds = query.categoryCode ? [...categories.values()].filter((c) => c.code === query.categoryCode).map((c) => c.id) : undefined;
    const rules = await this.repository.listRules(tenantId, { categoryIds, active: query.active ? query.active === 'true' : undefined });
    return rules.map((rule) => present(rule, categories.get(rule.categoryId)!.code));
  }

  /** Every version of a rule, oldest first, as it was when it priced tabs. */
  async versions(tenantId: string, id: string): Promise<SalesRuleVersion[]> {
    const versions = await this.repository.versionsOf(tenantId, id);
    if (versions.length === 0) throw RegularsError.notFound('sales_rule', id);
    return versions;
  }

  /** The active rules of a tenant, with their category ids. */
  active(tenantId: string): Promise<SalesRule[]> {
    return this.repository.activeRules(tenantId);
  }

  /**
   * The rules switched on as they were at `at`: each rule's last version made by then (a
   * replayed offline tab is priced with the rules its till priced it with).
   */
  async activeAt(tenantId: string, at: Date): Promise<SalesRule[]> {
    const latest = new Map<string, SalesRuleVersion>();
    for (const version of await this.repository.versionsUntil(tenantId, at)) latest.set(version.ruleId, version);
    return [...latest.values()]
      .filter(({ rule }) => rule.active)
      .map(({ tenantId: owner, rule, createdAt, createdBy }) => ({
        ...rule,
        tenantId: owner,
        effect: rule.effect as Effect,
        budget: rule.budget as SalesRule['budget'],
        createdAt,
        createdBy,
        updatedAt: new Date(rule.updatedAt),
      }));
  }

  /** Every rule of a tenant, the switched-off ones too. */
  everyRule(tenantId: string): Promise<SalesRule[]> {
    return this.repository.listRules(tenantId, {});
  }

  private async keepVersion(actor: RequestActor, rule: SalesRule, categoryCode: string, change: 'created' | 'updated'): Promise<void> {
    await this.repository.insertVersion({
      tenantId: actor.tenantId,
      ruleId: rule.id,
      version: rule.version,
      rule: present(rule, categoryCode),
      createdAt: rule.updatedAt,
      createdBy: actor.id,
      change,
    });
    await this.revisions.bump(actor.tenantId);
  }

  /** A coupon brings a category there is. */
  private async requireCouponCategory(tenantId: string, effect: EffectDto): Promise<void> {
    const { kind, categoryCode } = effect as EffectDto & { categoryCode?: string };
    if (kind === 'issue_coupon' && !(await this.categories.byCode(tenantId, categoryCode!))) {
      throw new RegularsError('unknown_category', `effect.categoryCode: there is no category ${categoryCode}`);
    }
  }

  /** Money effects carry their currency; the tenant's when the manager did not say. */
  private effectOf(input: EffectDto): Effect {
    const effect = plain(input) as Effect & { currency?: string };
    if (['amount_off', 'fixed_price', 'bundle_price', 'tab_limit'].includes(effect.kind)) effect.currency ??= this.config.defaultCurrency;
    return effect;
  }
}

function plain<T extends object>(value: T): T {
  return instanceToPlain(value) as T;
}

/** Limits count what a rule takes off a tab: a rule that takes nothing off has none. An empty list is no budget. */
function checkedBudget(input: RuleBudgetDto | RuleBudget | null | undefined, kind: EffectKind): RuleBudget | null {
  if (!input || input.limits.length === 0) return null;
  if (!LIMITABLE_KINDS.includes(kind)) throw validationFailed([`budget: a ${kind} rule takes nothing off a tab, so it has no limits`]);
  const budget = plain(input) as RuleBudget;
  return { limits: budget.limits, partialReward: budget.partialReward ?? false };
}

function checkedConditions(input: object | undefined): Conditions {
  const conditions = plain(input ?? {}) as Conditions;
  const problems: string[] = [];
  if (conditions.dateFrom && conditions.dateTo && conditions.dateTo < conditions.dateFrom) problems.push('conditions.dateTo: must not be before dateFrom');
  if (conditions.minGuests !== undefined && conditions.maxGuests !== undefined && conditions.maxGuests < conditions.minGuests) {
    problems.push('conditions.maxGuests: must not be below minGuests');
  }
  if (conditions.timeFrom !== undefined && conditions.timeFrom === conditions.timeTo) problems.push('conditions.timeTo: must differ from timeFrom');
  if (problems.length > 0) throw validationFailed(problems);
  return conditions;
}
