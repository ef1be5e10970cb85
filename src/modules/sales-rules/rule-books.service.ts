import { Injectable } from '@nestjs/common';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import type { RuleBook } from './engine/evaluate.js';
import { SalesRulesService } from './sales-rules.service.js';

/**
 * A tenant's rule book (active categories and their active rules, in the engine's
 * shape), cached per tenant while the tenant's revision stays (one primary-key read per
 * use), so a change made through any instance is seen by every instance at its next
 * evaluation.
 */
@Injectable()
export class RuleBooks {
  private readonly books: RevisionCache<RuleBook>;

  constructor(
    revisions: TenantRevisions,
    private readonly categories: PromotionCategoriesService,
    private readonly rules: SalesRulesService,
  ) {
    this.books = new RevisionCache(revisions, (tenantId) => this.read(tenantId));
  }

  forTenant(tenantId: string): Promise<RuleBook> {
    return this.books.get(tenantId);
  }

  private async read(tenantId: string): Promise<RuleBook> {
    const [categories, rules] = await Promise.all([this.categories.all(tenantId), this.rules.active(tenantId)]);
    const active = new Map(categories.filter((category) => category.active).map((category) => [category.id, category]));
    return {
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
  }
}
