import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { bindable, insertRows, lockRows, placeholders, selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { WebhookDelivery, type DeliveryStatus } from './entities/webhook-delivery.entity.js';
import { WebhookSubscription } from './entities/webhook-subscription.entity.js';

/** What the delivery log is filtered by. */
export interface DeliveryFilter {
  status?: DeliveryStatus;
  /** The page starts before this id (the log is newest first). */
  before?: string;
}

/** The webhook subscriptions and their deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly uow: UnitOfWork) {}

  subscriptionsOf(tenantId: string): Promise<WebhookSubscription[]> {
    return this.uow.read((manager) => manager.find(WebhookSubscription, { where: { tenantId }, order: { id: 'ASC' } }));
  }

  subscription(tenantId: string, id: string): Promise<WebhookSubscription | null> {
    return this.uow.read((manager) => manager.findOneBy(WebhookSubscription, { tenantId, id }));
  }

  subscriptionsWithIds(tenantId: string, ids: string[]): Promise<WebhookSubscription[]> {
    return this.uow.read((manager) => manager.findBy(WebhookSubscription, { tenantId, id: In(ids) }));
  }

  async lockSubscription(tenantId: string, id: string): Promise<WebhookSubscription | null> {
    return (await lockRows(this.uow.manager, WebhookSubscription, 'tenant_id = ? AND id = ?', [tenantId, id]))[0] ?? null;
  }

  async insertSubscription(subscription: WebhookSubscription): Promise<void> {
    await this.uow.manager.insert(WebhookSubscription, subscription);
  }

  async updateSubscription(tenantId: string, id: string, values: Partial<WebhookSubscription>): Promise<void> {
    await this.uow.manager.update(WebhookSubscription, { tenantId, id }, values);
  }

  /** The subscription and its delivery log. */
  async deleteSubscription(tenantId: string, id: string): Promise<void> {
    await this.uow.manager.delete(WebhookDelivery, { tenantId, subscriptionId: id });
    await this.uow.manager.delete(WebhookSubscription, { tenantId, id });
  }

  async insertDeliveries(deliveries: WebhookDelivery[]): Promise<void> {
    await insertRows(this.uow.manager, WebhookDelivery, deliveries);
  }

  delivery(tenantId: string, id: string): Promise<WebhookDelivery | null> {
    return this.uow.read((manager) => manager.findOneBy(WebhookDelivery, { tenantId, id }));
  }

  /** A page of a subscription's deliveries, newest first, `limit` rows at most. */
  deliveriesPage(tenantId: string, subscriptionId: string, filter: DeliveryFilter, limit: number): Promise<WebhookDelivery[]> {
    const conditions = ['tenant_id = ?', 'subscription_id = ?'];
    const parameters: unknown[] = [tenantId, subscriptionId];
    const where = (condition: string, value: unknown) => {
      conditions.push(condition);
      parameters.push(value);
    };
    if (filter.status) where('status = ?', filter.status);
    if (filter.before) where('id < ?', filter.before);
    return this.uow.read((manager) => selectRows(manager, WebhookDelivery, conditions.join(' AND '), parameters, { orderBy: 'id DESC', limit }));
  }

  /** Tenants with a pending delivery due by `now` (leased or not): a loose scan of the due index. */
  async tenantsWithDueDeliveries(now: Date): Promise<string[]> {
    const rows: { tenantId: string }[] = await this.uow.read((manager) =>
      manager.query('SELECT tenant_id AS tenantId FROM rc_webhook_deliveries WHERE status = ? GROUP BY tenant_id HAVING MIN(next_attempt_at) <= ?', [
        'pending',
        bindable(manager, WebhookDelivery, 'nextAttemptAt', now),
      ]),
    );
    return rows.map((row) => row.tenantId);
  }

  /**
   * Up to `limit` of the tenant's deliveries that may be sent now, locked until the unit of
   * work ends, passing over those another instance is claiming: due, not leased, and each
   * the oldest pending delivery of its subscription and guest — a guest's later events wait
   * while an earlier one is being sent or retried.
   */
  lockDueDeliveries(tenantId: string, now: Date, limit: number): Promise<WebhookDelivery[]> {
    const manager = this.uow.manager;
    const at = bindable(manager, WebhookDelivery, 'nextAttemptAt', now);
    // Named, because with statistics taken while the table was small MariaDB probes by the primary key's tenant prefix: every pending row of the tenant per candidate.
    const byGuestOrder = this.uow.engine === 'mysql' ? 'FORCE INDEX (rc_webhook_deliveries_order)' : 'INDEXED BY rc_webhook_deliveries_order';
    return lockRows(
      manager,
      WebhookDelivery,
      `d.tenant_id = ? AND d.status = ? AND d.next_attempt_at <= ? AND (d.leased_until IS NULL OR d.leased_until <= ?)
        AND (d.customer_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM rc_webhook_deliveries earlier ${byGuestOrder}
           WHERE earlier.tenant_id = d.tenant_id AND earlier.subscription_id = d.subscription_id AND earlier.customer_id = d.customer_id
             AND earlier.status = ? AND earlier.event_id < d.event_id))`,
      [tenantId, 'pending', at, at, 'pending'],
      // The due index's own order (its columns, then the primary key): the first rows found are taken, with no sort of the whole backlog.
      { alias: 'd', orderBy: 'd.next_attempt_at, d.id', limit, skipLocked: true },
    );
  }

  async leaseDeliveries(tenantId: string, ids: string[], until: Date): Promise<void> {
    const manager = this.uow.manager;
    await manager.query(`UPDATE rc_webhook_deliveries SET leased_until = ? WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [
      bindable(manager, WebhookDelivery, 'leasedUntil', until),
      tenantId,
      ...ids,
    ]);
  }

  /** Ends the lease of deliveries claimed under it and not sent. */
  async releaseLeases(tenantId: string, ids: string[], leasedUntil: Date): Promise<void> {
    const manager = this.uow.manager;
    await manager.query(`UPDATE rc_webhook_deliveries SET leased_until = NULL WHERE tenant_id = ? AND leased_until = ? AND id IN (${placeholders(ids)})`, [
      tenantId,
      bindable(manager, WebhookDelivery, 'leasedUntil', leasedUntil),
      ...ids,
    ]);
  }

  /** Writes an attempt's outcome if the lease it was sent under is still this one; answers whether it was. */
  async recordAttempt(tenantId: string, id: string, leasedUntil: Date, values: Partial<WebhookDelivery>): Promise<boolean> {
    const result = await this.uow.manager.update(WebhookDelivery, { tenantId, id, leasedUntil }, { ...values, leasedUntil: null });
    return result.affected === 1;
  }

  /**
   * First attempts that delivered, all sent under one lease of the tenant's, in one
   * statement; a delivery whose lease another instance has taken since is left as it is.
   */
  async recordDelivered(tenantId: string, leasedUntil: Date, delivered: { id: string; at: Date; statusCode: number | null }[]): Promise<void> {
    const manager = this.uow.manager;
    const when = delivered.map(() => 'WHEN ? THEN ?').join(' ');
    const times = delivered.flatMap(({ id, at }) => [id, bindable(manager, WebhookDelivery, 'deliveredAt', at)]);
    await manager.query(
      `UPDATE rc_webhook_deliveries SET status = ?, attempts = attempts + 1, leased_until = NULL, last_error = NULL,
          delivered_at = CASE id ${when} END, first_attempt_at = CASE id ${when} END, last_status_code = CASE id ${when} END
        WHERE tenant_id = ? AND leased_until = ? AND id IN (${placeholders(delivered)})`,
      [
        'delivered',
        ...times,
        ...times,
        ...delivered.flatMap(({ id, statusCode }) => [id, statusCode]),
        tenantId,
        bindable(manager, WebhookDelivery, 'leasedUntil', leasedUntil),
        ...delivered.map(({ id }) => id),
      ],
    );
  }

  /** Makes the subscription's deliveries waiting out a backoff after a failed attempt due at `now`. */
  async bringForward(tenantId: string, subscriptionId: string, now: Date): Promise<void> {
    const manager = this.uow.manager;
    const at = bindable(manager, WebhookDelivery, 'nextAttemptAt', now);
    await manager.query('UPDATE rc_webhook_deliveries SET next_attempt_at = ? WHERE tenant_id = ? AND status = ? AND next_attempt_at > ? AND subscription_id = ? AND attempts > 0', [
      at,
      tenantId,
      'pending',
      at,
      subscriptionId,
    ]);
  }

  async updateDelivery(tenantId: string, id: string, values: Partial<WebhookDelivery>): Promise<void> {
    await this.uow.manager.update(WebhookDelivery, { tenantId, id }, values);
  }

  /**
   * Up to `limit` ids of the tenant's deliveries owed nothing more since before `before`: made
   * before it, and dead, skipped or delivered before it (one retried by hand stays its time).
   */
  async settledBefore(tenantId: string, before: Date, limit: number): Promise<string[]> {
    const manager = this.uow.manager;
    const at = bindable(manager, WebhookDelivery, 'createdAt', before);
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM rc_webhook_deliveries
        WHERE tenant_id = ? AND created_at < ? AND (status IN (?, ?) OR (status = ? AND delivered_at < ?))
        ORDER BY id LIMIT ?`,
      [tenantId, at, 'dead', 'skipped', 'delivered', at, limit],
    );
    return rows.map((row) => row.id);
  }

  async deleteDeliveries(tenantId: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.uow.manager.query(`DELETE FROM rc_webhook_deliveries WHERE tenant_id = ? AND id IN (${placeholders(ids)})`, [tenantId, ...ids]);
  }

  /** Of these events, those a delivery still refers to. */
  async eventsWithDeliveries(tenantId: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows: { eventId: string }[] = await this.uow.manager.query(
      `SELECT DISTINCT event_id AS eventId FROM rc_webhook_deliveries WHERE tenant_id = ? AND event_id IN (${placeholders(eventIds)})`,
      [tenantId, ...eventIds],
    );
    return new Set(rows.map((row) => row.eventId));
  }
}
