import { Injectable } from '@nestjs/common';
import { selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { DailyCounter } from './daily-counter.entity.js';

export interface CounterAddition {
  tenantId: string;
  customerId: string;
  day: string;
  counter: string;
  amount: number;
}

/** The daily counters of customers' operations. */
@Injectable()
export class UsageRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Adds to counters with one atomic upsert (a counter may come twice): joins the caller's
   * transaction if there is one, and otherwise runs alone (one statement needs no BEGIN and
   * COMMIT around it).
   */
  async addToCounters(rows: readonly CounterAddition[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map(() => '(?, ?, ?, ?, ?)').join(', ');
    const sql =
      this.uow.engine === 'mysql'
        ? `INSERT INTO rc_daily_counters (tenant_id, customer_id, day, counter, value) VALUES ${values} ON DUPLICATE KEY UPDATE value = value + VALUES(value)`
        : `INSERT INTO rc_daily_counters (tenant_id, customer_id, day, counter, value) VALUES ${values} ` +
          'ON CONFLICT (tenant_id, customer_id, day, counter) DO UPDATE SET value = value + excluded.value';
    const parameters = rows.flatMap((row) => [row.tenantId, row.customerId, row.day, row.counter, row.amount]);
    await this.uow.statement((manager) => manager.query(sql, parameters));
  }

  countersOfDay(tenantId: string, customerId: string, day: string): Promise<DailyCounter[]> {
    return this.uow.read((manager) => selectRows(manager, DailyCounter, 'tenant_id = ? AND customer_id = ? AND day = ?', [tenantId, customerId, day]));
  }

  countersOfCustomer(tenantId: string, customerId: string): Promise<DailyCounter[]> {
    return this.uow.read((manager) => manager.find(DailyCounter, { where: { tenantId, customerId }, order: { day: 'ASC', counter: 'ASC' } }));
  }
}
