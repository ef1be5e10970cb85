import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { insertRows, lockRows, placeholders, selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { joinedCard, type StoredCard } from '../guest-cards/guest-cards.repository.js';
import { tenantRevisionOf } from '../../common/revisions/tenant-revisions.repository.js';
import { IDENTIFIER_TYPES, type IdentifierType } from '../../contract/contract-values.js';
import { Customer } from '../customers/entities/customer.entity.js';
import { CardBatch } from './entities/card-batch.entity.js';
import { Identifier, type IdentifierStatus } from './entities/identifier.entity.js';
import { RateWindow } from './entities/rate-window.entity.js';

/** Identification attempts of one counter (a terminal's or the restaurant's) in one minute. */
export interface IdentifyAttempts {
  tenantId: string;
  bucket: string;
  minute: number;
  hits: number;
}


/** What the back office filters the identifier list by; a filter left out filters nothing. */
export interface IdentifierFilter {
  type?: IdentifierType;
  value?: string;
  status?: IdentifierStatus;
  batchId?: string;
  /** null: identifiers not bound to anyone. */
  customerId?: string | null;
  /** The page starts after this id. */
  after?: string;
}

/** The identification module's tables: identifiers, card batches and the identify rate windows. */
@Injectable()
export class IdentificationRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Every identifier of a type and value (one active at most): the till's look-up, by index. */
  identifiersWithValue(tenantId: string, type: IdentifierType, value: string): Promise<Identifier[]> {
    return this.uow.read((manager) => selectRows(manager, Identifier, 'tenant_id = ? AND type = ? AND value = ?', [tenantId, type, value]));
  }

  /**
   * The guests an active identifier of this type and value is bound to, read with it and
   * the tenant's revision: the guest behind a tab in one statement.
   */
  holdersOfActive(tenantId: string, type: IdentifierType, value: string): Promise<(Customer & { tenantRevision: unknown })[]> {
    return this.uow.read((manager) =>
      selectRows(manager, Customer, "i.tenant_id = ? AND i.type = ? AND i.value = ? AND i.status = 'active'", [tenantId, type, value], {
        alias: 'c',
        join: 'JOIN rc_identifiers i ON i.tenant_id = c.tenant_id AND i.customer_id = c.id',
        extra: { tenantRevision: tenantRevisionOf('i.tenant_id') },
      }),
    );
  }

  /** The same, each active one with its guest's stored card: the till's identify in one statement. */
  identifiersWithValueAndCard(tenantId: string, type: IdentifierType, value: string): Promise<(Identifier & { card: StoredCard | null })[]> {
    return this.uow.read(async (manager) => {
      const rows = await selectRows(manager, Identifier, 'i.tenant_id = ? AND i.type = ? AND i.value = ?', [tenantId, type, value], {
        alias: 'i',
        join: joinedCard.join('i.tenant_id', 'i.customer_id', "i.status = 'active'"),
        extra: joinedCard.columns,
      });
      return rows.map(({ cardGeneration, cardRevision, cardFreshUntil, cardFacts, tenantRevision, ...identifier }) => ({
        ...identifier,
        card: identifier.customerId ? joinedCard.of(manager, tenantId, identifier.customerId, { cardGeneration, cardRevision, cardFreshUntil, cardFacts, tenantRevision }) : null,
      }));
    });
  }

  identifier(tenantId: string, id: string): Promise<Identifier | null> {
    return this.uow.read((manager) => manager.findOne(Identifier, { where: { tenantId, id } }));
  }

  async lockIdentifier(tenantId: string, id: string): Promise<Identifier | null> {
    return (await lockRows(this.uow.manager, Identifier, 'tenant_id = ? AND id = ?', [tenantId, id]))[0] ?? null;
  }

  /** The active identifier of a type and value (its active key), if one is. */
  activeIdentifier(tenantId: string, activeKey: string): Promise<Identifier | null> {
    return this.uow.read((manager) => manager.findOne(Identifier, { where: { tenantId, activeKey } }));
  }

  async lockActiveIdentifier(tenantId: string, activeKey: string): Promise<Identifier | null> {
    return (await lockRows(this.uow.manager, Identifier, 'tenant_id = ? AND active_key = ?', [tenantId, activeKey]))[0] ?? null;
  }

  activeIdentifiersWithKeys(tenantId: string, activeKeys: string[]): Promise<Identifier[]> {
    return this.uow.read((manager) => manager.find(Identifier, { where: { tenantId, activeKey: In(activeKeys) } }));
  }

  /** The active identifiers bound to any of these customers. */
  identifiersOfCustomers(tenantId: string, customerIds: string[], status?: IdentifierStatus): Promise<Identifier[]> {
    if (customerIds.length === 0) return Promise.resolve([]);
    return this.uow.read((manager) => manager.find(Identifier, { where: { tenantId, customerId: In(customerIds), ...(status ? { status } : {}) }, order: { id: 'ASC' } }));
  }

  identifiersOfCustomer(tenantId: string, customerId: string): Promise<Identifier[]> {
    return this.uow.read((manager) => manager.find(Identifier, { where: { tenantId, customerId }, order: { id: 'ASC' } }));
  }

  /** A page of the tenant's identifiers in id order, `limit` rows at most. */
  identifiersPage(tenantId: string, filter: IdentifierFilter, limit: number): Promise<Identifier[]> {
    const conditions = ['tenant_id = ?'];
    const parameters: unknown[] = [tenantId];
    const where = (condition: string, ...values: unknown[]) => {
      conditions.push(condition);
      parameters.push(...values);
    };
    if (filter.type) where('type = ?', filter.type);
    if (filter.value !== undefined) where('value = ?', filter.value);
    if (filter.status) where('status = ?', filter.status);
    if (filter.batchId) where('batch_id = ?', filter.batchId);
    if (filter.customerId === null) where('customer_id IS NULL');
    else if (filter.customerId) where('customer_id = ?', filter.customerId);
    if (filter.after) where('id > ?', filter.after);
    return this.uow.read((manager) => selectRows(manager, Identifier, conditions.join(' AND '), parameters, { orderBy: 'id ASC', limit }));
  }

  /**
   * Customers holding an active identifier with exactly this value, of any type: every
   * type is named so the look-up index over (tenant, type, value) serves it.
   */
  async holdersOfActiveValue(tenantId: string, value: string): Promise<string[]> {
    const rows = await this.uow.read((manager) =>
      manager.find(Identifier, {
        where: { tenantId, type: In([...IDENTIFIER_TYPES]), value, status: 'active', customerId: Not(IsNull()) },
        select: { customerId: true },
      }),
    );
    return rows.map((row) => row.customerId!);
  }

  /** The ids of the identifiers bound to the customer, or to anyone when no customer is named. */
  async boundIdentifierIds(tenantId: string, customerId?: string): Promise<string[]> {
    const rows = await this.uow.read((manager) =>
      manager.find(Identifier, { where: { tenantId, customerId: customerId ?? Not(IsNull()) }, select: { tenantId: true, id: true } }),
    );
    return rows.map((row) => row.id);
  }

  async insertIdentifiers(identifiers: Identifier[]): Promise<void> {
    await insertRows(this.uow.manager, Identifier, identifiers);
  }

  async saveIdentifier(identifier: Identifier): Promise<void> {
    await this.uow.manager.save(Identifier, identifier);
  }

  async updateIdentifier(tenantId: string, id: string, values: Partial<Identifier>): Promise<void> {
    await this.uow.manager.update(Identifier, { tenantId, id }, values);
  }

  async insertCardBatch(batch: CardBatch): Promise<void> {
    await this.uow.manager.insert(CardBatch, batch);
  }

  async lockCardBatch(tenantId: string, id: string): Promise<CardBatch | null> {
    return (await lockRows(this.uow.manager, CardBatch, 'tenant_id = ? AND id = ?', [tenantId, id]))[0] ?? null;
  }

  async setNextCardNumber(tenantId: string, id: string, nextNumber: number): Promise<void> {
    await this.uow.manager.update(CardBatch, { tenantId, id }, { nextNumber });
  }

  cardBatches(tenantId: string): Promise<CardBatch[]> {
    return this.uow.read((manager) => manager.find(CardBatch, { where: { tenantId }, order: { id: 'ASC' } }));
  }

  /**
   * Counts one identification attempt in the bucket's minute and answers its number: one
   * atomic upsert, its own unit of work, so the count holds however many plugin instances
   * serve the terminals.
   */
  /**
   * Adds attempts counted by one instance to the counters every instance shares. A window
   * older than the one stored (an instance flushing late past the minute) adds nothing.
   */
  async addIdentifyAttempts(rows: readonly IdentifyAttempts[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.flatMap((row) => [row.tenantId, row.bucket, row.minute, row.hits]);
    const tuples = rows.map(() => '(?, ?, ?, ?)').join(', ');
    await this.uow.statement((manager) =>
      manager.query(
        this.uow.engine === 'mysql'
          ? `INSERT INTO rc_rate_windows (tenant_id, bucket, window_start, hits) VALUES ${tuples} ON DUPLICATE KEY UPDATE ` +
              'hits = IF(window_start = VALUES(window_start), hits + VALUES(hits), IF(window_start > VALUES(window_start), hits, VALUES(hits))), window_start = GREATEST(window_start, VALUES(window_start))'
          : `INSERT INTO rc_rate_windows (tenant_id, bucket, window_start, hits) VALUES ${tuples} ON CONFLICT (tenant_id, bucket) DO UPDATE SET ` +
              'hits = CASE WHEN window_start = excluded.window_start THEN hits + excluded.hits WHEN window_start > excluded.window_start THEN hits ELSE excluded.hits END, window_start = MAX(window_start, excluded.window_start)',
        values,
      ),
    );
  }

  /** The shared counters as they stand now, every instance's attempts included. */
  async identifyAttemptsOf(rows: readonly Pick<IdentifyAttempts, 'tenantId' | 'bucket'>[]): Promise<IdentifyAttempts[]> {
    const tenants = [...new Set(rows.map((row) => row.tenantId))];
    const counted = await Promise.all(
      tenants.map((tenantId) => {
        const buckets = rows.filter((row) => row.tenantId === tenantId).map((row) => row.bucket);
        return this.uow.read((manager) => selectRows(manager, RateWindow, `tenant_id = ? AND bucket IN (${placeholders(buckets)})`, [tenantId, ...buckets]));
      }),
    );
    return counted.flat().map((row) => ({ tenantId: row.tenantId, bucket: row.bucket, minute: row.windowStart, hits: row.hits }));
  }

}
