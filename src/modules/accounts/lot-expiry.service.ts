import { Inject, Injectable } from '@nestjs/common';
import { LessThanOrEqual, MoreThan } from 'typeorm';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import { LedgerEntry } from './entities/ledger-entry.entity.js';
import { Lot } from './entities/lot.entity.js';
import { Ledger } from './ledger.service.js';
import { available } from './purse.js';

export interface ExpiryOutcome {
  lots: number;
  amount: number;
}

/**
 * Writes off what is left of lots past their expiry, one `expiry` entry per lot (a
 * unique key on the lot makes a second run of the same night change nothing). What a
 * hold has set aside is not taken: the capture or release of the hold settles it.
 */
@Injectable()
export class LotExpiry {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: Ledger,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Lots of the tenant expired by `now` and not written off yet, in keyset batches. */
  expiredLots(tenantId: string, now: Date, afterId: string, limit: number): Promise<Lot[]> {
    return this.uow.read((manager) =>
      manager.find(Lot, {
        where: { tenantId, expiresAt: LessThanOrEqual(now), remaining: MoreThan(0), id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: limit,
      }),
    );
  }

  async expireLot(tenantId: string, lotId: string, now: Date): Promise<number> {
    try {
      return await this.uow.transaction(async (manager) => {
        const peek = await manager.findOneByOrFail(Lot, { tenantId, id: lotId });
        const locked = await this.ledger.lock(tenantId, peek.accountId);
        const lot = await manager.findOneByOrFail(Lot, { tenantId, id: lotId });
        if (!lot.expiresAt || lot.expiresAt > now || lot.remaining <= 0) return 0;
        if (await manager.findOneBy(LedgerEntry, { tenantId, expiredLotId: lotId })) return 0;
        const amount = Math.min(lot.remaining, Math.max(0, available(locked.account)));
        if (amount === 0) return 0;
        await manager.update(Lot, { tenantId, id: lotId }, { remaining: lot.remaining - amount });
        await this.ledger.write(locked, 'expiry', { amount: -amount, held: 0 }, { tenantId, actorId: null, reason: 'points expired' }, { expiredLotId: lotId });
        return amount;
      });
    } catch (error) {
      // Another instance wrote this lot's expiry first.
      if (isUniqueViolation(error)) return 0;
      throw error;
    }
  }

  /** Every expired lot of a tenant, batch by batch; what the nightly job runs. */
  async expireAll(tenantId: string, now = this.config.clock.now(), batchSize = 500): Promise<ExpiryOutcome> {
    const outcome: ExpiryOutcome = { lots: 0, amount: 0 };
    let after = '';
    for (;;) {
      const lots = await this.expiredLots(tenantId, now, after, batchSize);
      if (lots.length === 0) return outcome;
      for (const lot of lots) {
        const amount = await this.expireLot(tenantId, lot.id, now);
        if (amount > 0) [outcome.lots, outcome.amount] = [outcome.lots + 1, outcome.amount + amount];
      }
      after = lots[lots.length - 1].id;
    }
  }
}
