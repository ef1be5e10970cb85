import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { bindable, insertRows, lockRows, placeholders } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { GuestCards } from '../guest-cards/guest-cards.service.js';
import { Tier } from './entities/tier.entity.js';
import { TierMove } from './entities/tier-move.entity.js';
import { TierSettings } from './entities/tier-settings.entity.js';

/** The tiers, the customers' moves between them and the tenants' tier settings. */
@Injectable()
export class TiersRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly guestCards: GuestCards,
  ) {}

  tiersByRank(tenantId: string): Promise<Tier[]> {
    return this.uow.read((manager) => manager.find(Tier, { where: { tenantId }, order: { rank: 'ASC' } }));
  }

  tierByCode(tenantId: string, code: string): Promise<Tier | null> {
    return this.uow.read((manager) => manager.findOneBy(Tier, { tenantId, code }));
  }

  tierById(tenantId: string, id: string): Promise<Tier | null> {
    return this.uow.read((manager) => manager.findOneBy(Tier, { tenantId, id }));
  }

  tiersByIds(tenantId: string, ids: string[]): Promise<Tier[]> {
    return this.uow.read((manager) => manager.findBy(Tier, { tenantId, id: In(ids) }));
  }

  /** The tier, locked until the unit of work ends, so two changes to it cannot cross. */
  async lockTier(tenantId: string, id: string): Promise<Tier | null> {
    const [tier] = await lockRows(this.uow.manager, Tier, 'tenant_id = ? AND id = ?', [tenantId, id]);
    return tier ?? null;
  }

  async insertTier(tier: Tier): Promise<void> {
    await this.uow.manager.insert(Tier, tier);
  }

  async saveTier(tier: Tier): Promise<void> {
    await this.uow.manager.save(Tier, tier);
  }

  /** Tenants with an active tier: those the tier job has something to do for. */
  tenantsWithActiveTiers(): Promise<string[]> {
    return this.uow.read(async (manager) => {
      const rows: { tenantId: string }[] = await manager.query('SELECT DISTINCT tenant_id AS tenantId FROM rc_tiers WHERE active = ?', [bindable(manager, Tier, 'active', true)]);
      return rows.map((row) => row.tenantId);
    });
  }

  /** The customer's moves, oldest first. */
  movesOf(tenantId: string, customerId: string): Promise<TierMove[]> {
    return this.uow.read((manager) => manager.find(TierMove, { where: { tenantId, customerId }, order: { movedAt: 'ASC', id: 'ASC' } }));
  }

  /** The customer's last `limit` moves, newest first. */
  latestMovesOf(tenantId: string, customerId: string, limit: number): Promise<TierMove[]> {
    return this.uow.read((manager) => manager.find(TierMove, { where: { tenantId, customerId }, order: { movedAt: 'DESC', id: 'DESC' }, take: limit }));
  }

  /** Of the moves' source keys given, the customers whose move under one is recorded already. */
  customersMovedUnder(tenantId: string, sourceKeys: string[]): Promise<string[]> {
    return this.uow.read(async (manager) => {
      const moved: { customerId: string }[] = await manager.query(
        `SELECT customer_id AS customerId FROM rc_tier_moves WHERE tenant_id = ? AND source_key IN (${placeholders(sourceKeys)})`,
        [tenantId, ...sourceKeys],
      );
      return moved.map((move) => move.customerId);
    });
  }

  async insertMoves(moves: TierMove[]): Promise<void> {
    await insertRows(this.uow.manager, TierMove, moves);
    this.guestCards.changedRows(moves);
  }

  /** Clears the managers' notes on the moves of the tenant (or of one customer); answers how many moves had one. */
  async forgetMoveNotes(where: { tenantId: string; customerId?: string }): Promise<number> {
    return (await this.uow.manager.update(TierMove, { ...where, note: Not(IsNull()) }, { note: null })).affected ?? 0;
  }

  settingsOf(tenantId: string): Promise<TierSettings | null> {
    return this.uow.read((manager) => manager.findOneBy(TierSettings, { tenantId }));
  }

  async saveSettings(settings: TierSettings): Promise<void> {
    await this.uow.manager.save(TierSettings, settings);
  }
}
