import { Inject, Injectable } from '@nestjs/common';
import { selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { localDate } from '../../common/calendar.js';
import type { UsageToday } from '../sales-rules/engine/types.js';
import { DailyCounter } from './daily-counter.entity.js';

export type DailyCounterName = 'identifications' | 'closed_tabs' | `bonus_spent:${string}`;

/** A customer's operations per business day, for the daily limits of the sales rules. */
@Injectable()
export class DailyUsage {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'dailyCounters',
    export: async (tenantId, customerId) =>
      (await this.uow.read((manager) => manager.find(DailyCounter, { where: { tenantId, customerId }, order: { day: 'ASC', counter: 'ASC' } }))).map(({ day, counter, value }) => ({ day, counter, value })),
    // Counts by customer id and day; nothing personal is in them.
    erase: async () => 0,
    purge: async () => 0,
  };

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The business day (the tenant's local date) a moment falls on. */
  dayOf(at: Date): string {
    return localDate(at, this.config.timeZone);
  }

  /**
   * Adds to a counter with one atomic upsert: joins the caller's transaction if there is
   * one, and otherwise runs alone (one statement needs no BEGIN and COMMIT around it).
   */
  async add(tenantId: string, customerId: string, day: string, counter: DailyCounterName, amount = 1): Promise<void> {
    const sql =
      this.uow.engine === 'mysql'
        ? 'INSERT INTO rc_daily_counters (tenant_id, customer_id, day, counter, value) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE value = value + VALUES(value)'
        : 'INSERT INTO rc_daily_counters (tenant_id, customer_id, day, counter, value) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (tenant_id, customer_id, day, counter) DO UPDATE SET value = value + excluded.value';
    await this.uow.statement((manager) => manager.query(sql, [tenantId, customerId, day, counter, amount]));
  }

  async today(tenantId: string, customerId: string, day: string): Promise<UsageToday> {
    const rows = await this.uow.read((manager) => selectRows(manager, DailyCounter, 'tenant_id = ? AND customer_id = ? AND day = ?', [tenantId, customerId, day]));
    const usage: UsageToday = { identifications: 0, closedTabs: 0, bonusSpent: {} };
    for (const row of rows) {
      if (row.counter === 'identifications') usage.identifications = row.value;
      else if (row.counter === 'closed_tabs') usage.closedTabs = row.value;
      else if (row.counter.startsWith('bonus_spent:')) usage.bonusSpent[row.counter.slice('bonus_spent:'.length)] = row.value;
    }
    return usage;
  }
}
