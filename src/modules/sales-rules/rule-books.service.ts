import { Injectable } from '@nestjs/common';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import { PromotionRevisions } from '../promotion-categories/promotion-revisions.service.js';
import type { RuleBook } from './engine/evaluate.js';
import { SalesRulesService } from './sales-rules.service.js';

/**
 * A tenant's rule book (active categories and their active rules, in the engine's
 * shape), cached per tenant. Each use checks the tenant's promotions revision (one
 * primary-key read), so a change made through any instance is seen by every instance
 * at its next evaluation.
 */
@Injectable()
export class RuleBooks {
  private readonly cache = new Map<string, { revision: number; book: RuleBook }>();

  constructor(
    private readonly revisions: PromotionRevisions,
    private readonly categories: PromotionCategoriesService,
    private readonly rules: SalesRulesService,
  ) {}

  async forTenant(tenantId: string): Promise<RuleBook> {
    const revision = await this.revisions.current(tenantId);
    const cached = this.cache.get(tenantId);
    if (cached && cached.revision === revision) return cached.book;
    const [categories, rules] = await Promise.all([this.categories.all(tenantId), this.rules.active(tenantId)]);
    const active = new Map(categories.filter((category) => category.active).map((category) => [category.id, category]));
    const book: RuleBook = {
      categories: [...active.values()].map((category) => ({ code: category.code, lineDiscountCapBp: category.lineDiscountCapBp })),
      rules: rules
        .filter((rule) => active.has(rule.categoryId))
        .map((rule) => ({
          id: rule.id,
          version: rule.version,
          categoryCode: active.get(rule.categoryId)!.code,
          name: rule.name,
          priority: rule.priority,
          stacking: rule.stacking,
          effect: rule.effect,
          scope: rule.scope,
          conditions: rule.conditions,
          discountBase: rule.discountBase ?? undefined,
          accrualBase: rule.accrualBase ?? undefined,
        })),
    };
    this.cache.set(tenantId, { revision, book });
    return book;
  }
}
