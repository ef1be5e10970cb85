import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { bindable, hydrated, selectRows } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GuestCard } from './guest-card.entity.js';
import { tenantRevisionOf } from '../../common/revisions/tenant-revisions.repository.js';

/** Guests per statement when a write marks many cards old at once (a tier job's batch). */
const GUESTS_PER_STATEMENT = 500;

/** A guest's stored card, with the tenant's revision read in the same statement (the card is good only while it is the card's). */
export interface StoredCard {
  card: GuestCard;
  tenantRevision: number;
}

/**
 * The card of the guest another module's row names, joined to that module's read (the till's
 * look-up by card): one statement instead of two. `guestOf` is the joined row's customer
 * column; `when` limits which rows bring a card.
 */
const CARD_COLUMNS = {
  cardGeneration: 'g.generation',
  cardRevision: 'g.revision',
  cardFreshUntil: 'g.fresh_until',
  cardFacts: 'g.facts',
  tenantRevision: tenantRevisionOf('g.tenant_id'),
};

export const joinedCard = {
  join: (tenantOf: string, guestOf: string, when: string): string => `LEFT JOIN rc_guest_cards g ON g.tenant_id = ${tenantOf} AND g.customer_id = ${guestOf} AND ${when}`,
  columns: CARD_COLUMNS,
  of(manager: EntityManager, tenantId: string, customerId: string, row: Record<keyof typeof CARD_COLUMNS, unknown>): StoredCard | null {
    if (row.cardGeneration === null || row.cardGeneration === undefined) return null;
    const card: GuestCard = {
      tenantId,
      customerId,
      generation: Number(row.cardGeneration),
      revision: row.cardRevision === null ? null : Number(row.cardRevision),
      freshUntil: hydrated(manager, GuestCard, 'freshUntil', row.cardFreshUntil) as Date | null,
      facts: hydrated(manager, GuestCard, 'facts', row.cardFacts),
    };
    return { card, tenantRevision: Number(row.tenantRevision) };
  },
};

/** The guests' stored card facts. */
@Injectable()
export class GuestCardsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The guest's card with the tenant's revision now, in one read; no row, no revision. */
  async cardOf(tenantId: string, customerId: string): Promise<StoredCard | null> {
    const [row] = await this.uow.read((manager) =>
      selectRows(manager, GuestCard, 'g.tenant_id = ? AND g.customer_id = ?', [tenantId, customerId], { alias: 'g', extra: { tenantRevision: joinedCard.columns.tenantRevision } }),
    );
    if (!row) return null;
    const { tenantRevision, ...card } = row;
    return { card, tenantRevision: Number(tenantRevision) };
  }

  /**
   * Stores facts assembled after reading `generation`, unless a write has moved it on since:
   * a guest without a row yet gets one only if no write made it meanwhile.
   */
  async store(card: GuestCard): Promise<void> {
    await this.uow.statement(async (manager) => {
      const values = [card.revision, bindable(manager, GuestCard, 'freshUntil', card.freshUntil), bindable(manager, GuestCard, 'facts', card.facts)];
      if (card.generation > 0) {
        await manager.query('UPDATE rc_guest_cards SET revision = ?, fresh_until = ?, facts = ? WHERE tenant_id = ? AND customer_id = ? AND generation = ?', [
          ...values,
          card.tenantId,
          card.customerId,
          card.generation,
        ]);
        return;
      }
      const insert = 'INSERT INTO rc_guest_cards (revision, fresh_until, facts, tenant_id, customer_id, generation) VALUES (?, ?, ?, ?, ?, 0)';
      await manager.query(this.uow.engine === 'mysql' ? `${insert} ON DUPLICATE KEY UPDATE generation = generation` : `${insert} ON CONFLICT (tenant_id, customer_id) DO NOTHING`, [
        ...values,
        card.tenantId,
        card.customerId,
      ]);
    });
  }

  /** Moves the guests' generations on and drops their facts, in the caller's transaction (rows in key order: fewer deadlocks between batches). */
  async markOld(tenantId: string, customerIds: string[]): Promise<void> {
    const ids = [...new Set(customerIds)].sort();
    const manager = this.uow.manager;
    for (let i = 0; i < ids.length; i += GUESTS_PER_STATEMENT) {
      const chunk = ids.slice(i, i + GUESTS_PER_STATEMENT);
      const rows = chunk.map(() => '(?, ?, 1)').join(', ');
      const insert = `INSERT INTO rc_guest_cards (tenant_id, customer_id, generation) VALUES ${rows}`;
      await manager.query(
        this.uow.engine === 'mysql'
          ? `${insert} ON DUPLICATE KEY UPDATE generation = generation + 1, facts = NULL`
          : `${insert} ON CONFLICT (tenant_id, customer_id) DO UPDATE SET generation = generation + 1, facts = NULL`,
        chunk.flatMap((id) => [tenantId, id]),
      );
    }
  }

  async markAllOld(tenantId: string): Promise<void> {
    await this.uow.manager.query('UPDATE rc_guest_cards SET generation = generation + 1, facts = NULL WHERE tenant_id = ?', [tenantId]);
  }
}
