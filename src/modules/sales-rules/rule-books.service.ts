import { Injectable } from '@nestjs/common';
import { PromotionCategoriesService } from '../promotion-categories/promotion-categories.service.js';
import { RevisionCache, TenantRevisions } from '../../common/revisions/tenant-revisions.service.js';
import type { RuleBook } from './engine/evaluate.js';
import type { PromotionCategory } from '../promotion-categories/entities/promotion-category.entity.js';
import type { SalesRule } from './entities/sales-rule.entity.js';
import type { LimitedRule } from './rule-budgets.service.js';
import { SalesRulesService } from './sales-rules.service.js';

/** A rule book with its rules that have limits, which the engine does not know of: the pricing flow keeps them. */
export interface PricedBook {
  book: RuleBook;
  limited: LimitedRule[];
}

/**
 * A tenant's rule book (active categories and their active rules, in the engine's
 * shape), cached per tenant while the tenant's revision stays (one primary-key read per
 * use), so a change made through any instance is seen by every instance at its next
 * evaluation.
 */
@Injectable()
export class RuleBooks {
  private readonly books: RevisionCache<PricedBook>;

  constructor(
    revisions: TenantRevisions,
    private readonly categories: PromotionCategoriesService,
    private readonly rules: SalesRulesService,
  ) {
    this.books = new RevisionCache(revisions, (tenantId) => this.read(tenantId));
  }

  async forTenant(tenantId: string): Promise<RuleBook> {
    return (await this.books.get(tenantId)).book;
  }

  /** The book with its limited rules. */
  pricedBook(tenantId: string): Promise<PricedBook> {
    return this.books.get(tenantId);
  }

  /**
   * The book with the switched-off categories and rules in it too, for a manager trying a
   * rule before turning it on (read each time: a dry run is rare), and the ids of the rules
   * that are off, or whose category is.
   */
  async withInactive(tenantId: string): Promise<PricedBook & { inactiveRuleIds: string[] }> {
    const [categories, rules] = await Promise.all([this.categories.all(tenantId), this.rules.everyRule(tenantId)]);
    const off = new Set(categories.filter((category) => !category.active).map((category) => category.id));
    return { ...pricedBookOf(categories, rules), inactiveRuleIds: rules.filter((rule) => !rule.active || off.has(rule.categoryId)).map((rule) => rule.id) };
  }

  /**
   * The book as it was at `at`, for an offline tab replayed later: each rule's version of
   * then, with the categories as they are now (a category switched off since takes its
   * rules out). Read each time: replays are rare.
   */
  async asOf(tenantId: string, at: Date): Promise<PricedBook> {
    const [categories, rules] = await Promise.all([this.categories.all(tenantId), this.rules.activeAt(tenantId, at)]);
    return pricedBookOf(
      categories.filter((category) => category.active),
      rules,
    );
  }

  private async read(tenantId: string): Promise<PricedBook> {
    const [categories, rules] = await Promise.all([this.categories.all(tenantId), this.rules.active(tenantId)]);
    return pricedBookOf(
      categories.filter((category) => category.active),
      rules,
    );
  }
}

function pricedBookOf(categories: PromotionCategory[], rules: SalesRule[]): PricedBook {
  const book = bookOf(categories, rules);
  const inBook = new Map(book.rules.map((rule) => [rule.id, rule]));
  const limited = rules.flatMap((rule) => {
    const priced = inBook.get(rule.id);
    return priced && rule.budget ? [{ ruleId: rule.id, categoryCode: priced.categoryCode, budget: rule.budget }] : [];
  });
  return { book, limited };
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
