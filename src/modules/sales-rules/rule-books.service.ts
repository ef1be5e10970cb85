import { Injectable } from '@nestjs/common';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import type { RuleBook } from './engine/evaluate.js';
import type { PromotionCategory } from '../promotion-categories/entities/promotion-category.entity.js';
import type { SalesRule } from './entities/sales-rule.entity.js';
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

  /**
   * The book with the switched-off categories and rules in it too, for a manager trying a
   * rule before turning it on (read each time: a dry run is rare), and the ids of the rules
   * that are off, or whose category is.
   */
  async withInactive(tenantId: string): Promise<{ book: RuleBook; inactiveRuleIds: string[] }> {
    const [categories, rules] = await Promise.all([this.categories.all(tenantId), this.rules.everyRule(tenantId)]);
    const off = new Set(categories.filter((category) => !category.active).map((category) => category.id));
    return { book: bookOf(categories, rules), inactiveRuleIds: rules.filter((rule) => !rule.active || off.has(rule.categoryId)).map((rule) => rule.id) };
  }

  private async read(tenantId: string): Promise<RuleBook> {
    const [categories, rules] = await Promise.all([this.categories.all(tenantId), this.rules.active(tenantId)]);
    return bookOf(
      categories.filter((category) => category.active),
      rules,
    );
  }
}

/** The engine's book of these categories and the rules of theirs among `rules`. */
function bookOf(categories: PromotionCategory[], rules: SalesRule[]): RuleBook {
  const byId = new Map(categories.map((category) => [category.id, category]));
  return {
    categories: categories.map((category) => ({ code: category.code, lineDiscountCapBp: category.lineDiscountCapBp })),
    rules: rules
      .filter((rule) => byId.has(rule.categoryId))
      .map((rule) => ({
        id: rule.id,
        version: rule.version,
        categoryCode: byId.get(rule.categoryId)!.code,
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
