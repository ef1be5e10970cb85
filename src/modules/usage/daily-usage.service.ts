import { Inject, Injectable } from '@nestjs/common';
import type { PersonalDataHolder } from '../../common/personal-data/personal-data-holder.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { localDate } from '../../common/calendar.js';
import type { UsageToday } from '../sales-rules/engine/types.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { UsageRepository, type CounterAddition } from './usage.repository.js';

/** The additions gathered in a transaction, written together at its commit. */
const COUNTERS = 'daily-counters';

export type DailyCounterName = 'identifications' | 'closed_tabs' | `bonus_spent:${string}`;

/** A customer's operations per business day, for the daily limits of the sales rules. */
@Injectable()
export class DailyUsage {
  /** What this module keeps about a guest: their export, their erasure and the tenant's purge ask it (PrivacyFlow). */
  readonly personalData: PersonalDataHolder = {
    name: 'dailyCounters',
    export: async (tenantId, customerId) =>
      (await this.repository.countersOfCustomer(tenantId, customerId)).map(({ day, counter, value }) => ({ day, counter, value })),
    // Counts by customer id and day; nothing personal is in them.
    erase: async () => 0,
    purge: async () => 0,
  };

  constructor(
    private readonly repository: UsageRepository,
    private readonly uow: UnitOfWork,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The business day (the tenant's local date) a moment falls on. */
  dayOf(at: Date): string {
    return localDate(at, this.config.timeZone);
  }

  /**
   * Adds to a counter: in a transaction, with the transaction's other additions in one
   * statement just before it commits (a close adds two), and otherwise on its own.
   */
  add(tenantId: string, customerId: string, day: string, counter: DailyCounterName, amount = 1): Promise<void> {
    const addition: CounterAddition = { tenantId, customerId, day, counter, amount };
    if (!this.uow.inTransaction) return this.repository.addToCounters([addition]);
    this.uow.atCommit(COUNTERS, [addition], (rows) => this.repository.addToCounters(rows));
    return Promise.resolve();
  }

  async today(tenantId: string, customerId: string, day: string): Promise<UsageToday> {
    // What this transaction added and has not written yet counts too.
    const added = this.uow.pending<CounterAddition>(COUNTERS).filter((row) => row.tenantId === tenantId && row.customerId === customerId && row.day === day);
    const rows = [...(await this.repository.countersOfDay(tenantId, customerId, day)), ...added.map(({ counter, amount }) => ({ counter, value: amount }))];
    const usage: UsageToday = { identifications: 0, closedTabs: 0, bonusSpent: {} };
    for (const row of rows) {
      if (row.counter === 'identifications') usage.identifications += row.value;
      else if (row.counter === 'closed_tabs') usage.closedTabs += row.value;
      else if (row.counter.startsWith('bonus_spent:')) {
        const type = row.counter.slice('bonus_spent:'.length);
        usage.bonusSpent[type] = (usage.bonusSpent[type] ?? 0) + row.value;
      }
    }
    return usage;
  }
}
