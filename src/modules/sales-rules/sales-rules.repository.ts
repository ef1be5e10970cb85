import { Injectable } from '@nestjs/common';
import { In, LessThanOrEqual } from 'typeorm';
import { lockRows, selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RuleUsage } from './entities/rule-usage.entity.js';
import { SalesRule } from './entities/sales-rule.entity.js';
import { SalesRuleVersion } from './entities/sales-rule-version.entity.js';
import type { LimitPer } from './rule-limits.js';

/** One counter of a limited rule: the rule, whom it counts (`per`, `subject`) and the period. */
export interface UsageKey {
  ruleId: string;
  per: LimitPer;
  subject: string;
  period: string;
}

const sameKey = (a: UsageKey, b: UsageKey): boolean => a.ruleId === b.ruleId && a.per === b.per && a.subject === b.subject && a.period === b.period;
const byKey = (a: UsageKey, b: UsageKey): number => [a.ruleId, a.per, a.subject, a.period].join('\u0000').localeCompare([b.ruleId, b.per, b.subject, b.period].join('\u0000'));
const where = (keys: UsageKey[]) => `tenant_id = ? AND (${keys.map(() => '(rule_id = ? AND per = ? AND subject = ? AND period = ?)').join(' OR ')})`;
const parameters = (tenantId: string, keys: UsageKey[]) => [tenantId, ...keys.flatMap((key) => [key.ruleId, key.per, key.subject, key.period])];

/** Sales rules, every version they had, and what the limited ones have given, as stored. */
@Injectable()
export class SalesRulesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  rule(tenantId: string, id: string): Promise<SalesRule | null> {
    return this.uow.read((manager) => manager.findOneBy(SalesRule, { tenantId, id }));
  }

  /** By priority then id, of some categories only or active (or inactive) only when asked. */
  listRules(tenantId: string, filter: { categoryIds?: string[]; active?: boolean }): Promise<SalesRule[]> {
    return this.uow.read((manager) =>
      manager.find(SalesRule, {
        where: {
          tenantId,
          ...(filter.categoryIds ? { categoryId: In(filter.categoryIds) } : {}),
          ...(filter.active !== undefined ? { active: filter.active } : {}),
        },
        order: { priority: 'ASC', id: 'ASC' },
      }),
    );
  }

  activeRules(tenantId: string): Promise<SalesRule[]> {
    return this.uow.read((manager) => manager.findBy(SalesRule, { tenantId, active: true }));
  }

  async lockRule(tenantId: string, id: string): Promise<SalesRule | null> {
    const [rule] = await lockRows(this.uow.manager, SalesRule, 'tenant_id = ? AND id = ?', [tenantId, id]);
    return rule ?? null;
  }

  async insertRule(rule: SalesRule): Promise<void> {
    await this.uow.manager.insert(SalesRule, rule);
  }

  async saveRule(rule: SalesRule): Promise<void> {
    await this.uow.manager.save(SalesRule, rule);
  }

  /** Oldest first. */
  versionsOf(tenantId: string, ruleId: string): Promise<SalesRuleVersion[]> {
    return this.uow.read((manager) => manager.find(SalesRuleVersion, { where: { tenantId, ruleId }, order: { version: 'ASC' } }));
  }

  /** Every version made up to `at`, each rule's in order. */
  versionsUntil(tenantId: string, at: Date): Promise<SalesRuleVersion[]> {
    return this.uow.read((manager) => manager.find(SalesRuleVersion, { where: { tenantId, createdAt: LessThanOrEqual(at) }, order: { ruleId: 'ASC', version: 'ASC' } }));
  }

  async insertVersion(version: SalesRuleVersion): Promise<void> {
    await this.uow.manager.insert(SalesRuleVersion, version);
  }

  /**
   * The counters of these keys (missing ones are zero). With `lock`, under their row locks
   * until the unit of work ends, made first where missing and taken in key order, so closes
   * of tabs counting the same rule wait for each other instead of both passing a limit.
   */
  async usage(tenantId: string, keys: UsageKey[], lock: boolean): Promise<(UsageKey & { redemptions: number; discount: number })[]> {
    if (keys.length === 0) return [];
    const sorted = [...keys].sort(byKey);
    if (lock) for (const key of sorted) await this.addUsage(tenantId, key, 0, 0);
    const rows = await (lock
      ? lockRows(this.uow.manager, RuleUsage, where(sorted), parameters(tenantId, sorted), { orderBy: 'rule_id, per, subject, period' })
      : this.uow.read((manager) => selectRows(manager, RuleUsage, where(sorted), parameters(tenantId, sorted))));
    return keys.map((key) => {
      const row = rows.find((candidate) => sameKey(candidate, key));
      return { ...key, redemptions: Number(row?.redemptions ?? 0), discount: Number(row?.discount ?? 0) };
    });
  }

  /** Adds to a counter in one upsert. */
  async addUsage(tenantId: string, key: UsageKey, redemptions: number, discount: number): Promise<void> {
    const values = [tenantId, key.ruleId, key.per, key.subject, key.period, redemptions, discount];
    const sql =
      this.uow.engine === 'mysql'
        ? 'INSERT INTO rc_rule_usage (tenant_id, rule_id, per, subject, period, redemptions, discount) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON DUPLICATE KEY UPDATE redemptions = redemptions + VALUES(redemptions), discount = discount + VALUES(discount)'
        : 'INSERT INTO rc_rule_usage (tenant_id, rule_id, per, subject, period, redemptions, discount) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (tenant_id, rule_id, per, subject, period) DO UPDATE SET redemptions = redemptions + excluded.redemptions, discount = discount + excluded.discount';
    await this.uow.statement((manager) => manager.query(sql, values));
  }
}
