import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { periodKey, type RuleBudget, type RuleLimit } from './rule-limits.js';
import { SalesRulesRepository, type UsageKey } from './sales-rules.repository.js';

/** A rule with limits, as the pricing of a tab needs it. */
export interface LimitedRule {
  ruleId: string;
  categoryCode: string;
  budget: RuleBudget;
}

/** Whom a tab's limits count: its guest, its location, and the codes on it with the category each brings. */
export interface LimitSubjects {
  customerId: string | null;
  locationId: string | null;
  codes: { code: string; categoryCode: string }[];
}

/** What a limited rule may still give a tab: nothing (`reached` says which limit), or at most `discountLeft` (null: no money limit). */
export type BudgetLeft = { reached: RuleLimit & { used: number }; discountLeft: 0 } | { reached: null; discountLeft: number | null };

/**
 * The limits of sales rules, counted per rule, guest, location or code and period in
 * counters every instance shares: what a rule may still give a tab, and what a closed tab
 * gave. Inside the caller's unit of work.
 */
@Injectable()
export class RuleBudgets {
  constructor(
    private readonly repository: SalesRulesRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * What each rule may still give a tab of these subjects at `at`. With `lock`, the counters
   * stay locked until the unit of work ends (a close, which then records what it gave).
   */
  async left(tenantId: string, rules: LimitedRule[], subjects: LimitSubjects, at: Date, lock: boolean): Promise<Map<string, BudgetLeft>> {
    const counted = rules.map((rule) => ({ rule, keys: this.keysOf(rule, subjects, at) }));
    const usage = await this.repository.usage(
      tenantId,
      counted.flatMap(({ keys }) => keys.flatMap(({ key }) => (key ? [key] : []))),
      lock,
    );
    const left = new Map<string, BudgetLeft>();
    for (const { rule, keys } of counted) {
      let discountLeft: number | null = null;
      let reached: (RuleLimit & { used: number }) | null = null;
      for (const { limit, key } of keys) {
        // A limit per guest on a tab without a guest cannot be kept: the rule gives nothing.
        if (!key) {
          reached = { ...limit, used: 0 };
          break;
        }
        const used = usage.find((row) => row.ruleId === key.ruleId && row.per === key.per && row.subject === key.subject && row.period === key.period)!;
        if (limit.redemptions !== undefined && used.redemptions >= limit.redemptions) {
          reached = { ...limit, used: used.redemptions };
          break;
        }
        if (limit.discount !== undefined) {
          const remaining = Math.max(0, limit.discount - used.discount);
          if (remaining === 0) {
            reached = { ...limit, used: used.discount };
            break;
          }
          discountLeft = discountLeft === null ? remaining : Math.min(discountLeft, remaining);
        }
      }
      left.set(rule.ruleId, reached ? { reached, discountLeft: 0 } : { reached: null, discountLeft });
    }
    return left;
  }

  /** Counts what a closed tab's limited rules gave it: a redemption and the money, in every counter of each. */
  async record(tenantId: string, given: { rule: LimitedRule; discount: number }[], subjects: LimitSubjects, at: Date): Promise<void> {
    for (const { rule, discount } of given) {
      for (const { key } of this.keysOf(rule, subjects, at)) if (key) await this.repository.addUsage(tenantId, key, 1, discount);
    }
  }

  /** The counter each limit of the rule reads for these subjects; null for one that cannot count this tab. */
  private keysOf(rule: LimitedRule, subjects: LimitSubjects, at: Date): { limit: RuleLimit; key: UsageKey | null }[] {
    return rule.budget.limits.flatMap((limit) => {
      const period = periodKey(limit.period, at, this.config.timeZone);
      const key = (subject: string): UsageKey => ({ ruleId: rule.ruleId, per: limit.per, subject, period });
      switch (limit.per) {
        case 'rule':
          return [{ limit, key: key('') }];
        case 'guest':
          return [{ limit, key: subjects.customerId ? key(subjects.customerId) : null }];
        case 'location':
          return [{ limit, key: key(subjects.locationId ?? '') }];
        case 'code':
          // Counted for the codes that brought the rule's category; a tab that has it otherwise is not a code's.
          return subjects.codes.filter((code) => code.categoryCode === rule.categoryCode).map((code) => ({ limit, key: key(code.code) }));
      }
    });
  }
}
