import { Injectable } from '@nestjs/common';
import { bindable, insertRows, lockRows, placeholders, selectRows, updateEach, type RowUpdate } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { OutboxEvent } from './outbox-event.entity.js';

/** The outbox table: events recorded with their change, and which of them the relay has fanned out. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The events, written with the unit of work's others just before it commits; `committed` hears of them all after. */
  insertAtCommit(events: OutboxEvent[], committed: (all: OutboxEvent[]) => void): void {
    this.uow.atCommit('outbox', events, (all) => insertRows(this.uow.manager, OutboxEvent, all), committed);
  }

  /** Tenants with events not fanned out yet: a loose scan of the queue index, a step per tenant. */
  async tenantsWithEventsToFanOut(): Promise<string[]> {
    const rows: { tenantId: string }[] = await this.uow.read((manager) =>
      manager.query('SELECT tenant_id AS tenantId FROM rc_outbox_events WHERE fanned_out_at IS NULL GROUP BY tenant_id'),
    );
    return rows.map((row) => row.tenantId);
  }

  /**
   * When the oldest event not fanned out was recorded, or null: each tenant's oldest by a
   * probe of the queue index (ids sort by time), then that one row by its key.
   */
  async oldestToFanOut(): Promise<Date | null> {
    return this.uow.read(async (manager) => {
      const firsts: { tenantId: string; id: string }[] = await manager.query(
        'SELECT tenant_id AS tenantId, MIN(id) AS id FROM rc_outbox_events WHERE fanned_out_at IS NULL GROUP BY tenant_id',
      );
      const oldest = firsts.reduce<{ tenantId: string; id: string } | null>((first, row) => (first && first.id < row.id ? first : row), null);
      if (!oldest) return null;
      const [event] = await selectRows(manager, OutboxEvent, 'tenant_id = ? AND id = ?', [oldest.tenantId, oldest.id]);
      return event?.occurredAt ?? null;
    });
  }

  /**
   * Up to `limit` of the tenant's oldest events not fanned out, locked until the unit of work
   * ends; rows another instance holds are passed over, not waited for.
   */
  lockEventsToFanOut(tenantId: string, limit: number): Promise<OutboxEvent[]> {
    return lockRows(this.uow.manager, OutboxEvent, 'tenant_id = ? AND fanned_out_at IS NULL', [tenantId], { orderBy: 'id', limit, skipLocked: true });
  }

  /**
   * Per guest, the oldest event not fanned out among those other than `exceptIds`: with
   * `exceptIds` the rows this instance holds, an older one is one another instance holds.
   */
  async oldestOthersToFanOut(tenantId: string, customerIds: string[], exceptIds: string[]): Promise<Map<string, string>> {
    const rows: { customerId: string; firstId: string }[] = await this.uow.manager.query(
      `SELECT customer_id AS customerId, MIN(id) AS firstId FROM rc_outbox_events
        WHERE tenant_id = ? AND fanned_out_at IS NULL AND customer_id IN (${placeholders(customerIds)}) AND id NOT IN (${placeholders(exceptIds)})
        GROUP BY customer_id`,
      [tenantId, ...customerIds, ...exceptIds],
    );
    return new Map(rows.map((row) => [row.customerId, row.firstId]));
  }

  async markFannedOut(tenantId: string, ids: string[], at: Date): Promise<void> {
    const manager = this.uow.manager;
    await manager.query(`UPDATE rc_outbox_events SET fanned_out_at = ? WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [
      bindable(manager, OutboxEvent, 'fannedOutAt', at),
      tenantId,
      ...ids,
    ]);
  }

  eventsWithIds(tenantId: string, ids: string[]): Promise<OutboxEvent[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) => selectRows(manager, OutboxEvent, `tenant_id = ? AND id IN (${placeholders(ids)})`, [tenantId, ...ids]));
  }

  /** The guest's events, oldest first: those keyed by them, and those that name them in their payload (a membership's owner, a card's former holder). */
  eventsNaming(tenantId: string, customerId: string): Promise<OutboxEvent[]> {
    // An id holds LIKE's `_`: escaped (with `!`, which both engines read alike), it matches only itself inside the JSON text.
    const quoted = `%"${customerId.replace(/[!%_]/g, (c) => `!${c}`)}"%`;
    return this.uow.read((manager) =>
      selectRows(manager, OutboxEvent, `tenant_id = ? AND (customer_id = ? OR payload LIKE ? ESCAPE '!')`, [tenantId, customerId, quoted], { orderBy: 'id' }),
    );
  }

  /** The tenant's events of the given types, a page at a time in id order. */
  eventsOfTypes(tenantId: string, types: string[], after: string, limit: number): Promise<OutboxEvent[]> {
    return this.uow.read((manager) =>
      selectRows(manager, OutboxEvent, `tenant_id = ? AND type IN (${placeholders(types)}) AND id > ?`, [tenantId, ...types, after], { orderBy: 'id', limit }),
    );
  }

  async setPayloads(tenantId: string, rows: RowUpdate[]): Promise<void> {
    await updateEach(this.uow.manager, OutboxEvent, tenantId, rows);
  }

  /** Tenants with events fanned out before `before`. */
  async tenantsFannedOutBefore(before: Date): Promise<string[]> {
    const rows: { tenantId: string }[] = await this.uow.read((manager) =>
      manager.query('SELECT DISTINCT tenant_id AS tenantId FROM rc_outbox_events WHERE fanned_out_at < ?', [bindable(manager, OutboxEvent, 'fannedOutAt', before)]),
    );
    return rows.map((row) => row.tenantId);
  }

  /** Up to `limit` ids of the tenant's events fanned out before `before`, in id order after the id `after`. */
  async fannedOutBefore(tenantId: string, before: Date, after: string, limit: number): Promise<string[]> {
    const manager = this.uow.manager;
    const rows: { id: string }[] = await manager.query('SELECT id FROM rc_outbox_events WHERE tenant_id = ? AND fanned_out_at < ? AND id > ? ORDER BY id LIMIT ?', [
      tenantId,
      bindable(manager, OutboxEvent, 'fannedOutAt', before),
      after,
      limit,
    ]);
    return rows.map((row) => row.id);
  }

  async deleteEvents(tenantId: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.uow.manager.query(`DELETE FROM rc_outbox_events WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [tenantId, ...ids]);
  }
}
