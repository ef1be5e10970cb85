import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { lockRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { SalesRule } from './entities/sales-rule.entity.js';
import { SalesRuleVersion } from './entities/sales-rule-version.entity.js';

/** Sales rules and every version they had, as stored. */
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

  async insertVersion(version: SalesRuleVersion): Promise<void> {
    await this.uow.manager.insert(SalesRuleVersion, version);
  }
}
