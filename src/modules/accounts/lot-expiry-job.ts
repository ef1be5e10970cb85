import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import type { RowUpdate } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { Outbox, type FactToRecord } from '../outbox/outbox.service.js';
import { AccountTypesService } from './account-types.service.js';
import { AccountsRepository, type ExpiredLot } from './accounts.repository.js';
import type { Lot } from './entities/lot.entity.js';
import { Ledger, type LedgerWrite, type LockedAccount } from './ledger.service.js';
import { available } from './purse.js';

export interface ExpiryOutcome {
  lots: number;
  amount: number;
}

/**
 * Writes off what is left of lots past their expiry, one `expiry` entry per lot (a
 * unique key on the lot makes a second run of the same night change nothing), a batch
 * of lots per transaction. What a hold has set aside is not taken: the capture or
 * release of the hold settles it.
 */
@Injectable()
export class LotExpiry {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: AccountsRepository,
    private readonly ledger: Ledger,
    private readonly types: AccountTypesService,
    private readonly outbox: Outbox,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** The tenant's open lots expired by `now`, a batch at a time, each batch reading on from the last. */
  expiredLots(tenantId: string, now: Date, after: Pick<Lot, 'expiresAt' | 'id'> | null, limit: number): Promise<ExpiredLot[]> {
    return this.repository.expiredLots(tenantId, now, after, limit);
  }

  /**
   * Writes off a batch of expired lots in one transaction: their accounts locked in one
   * read; a lot whose account changed since it was read (a till spent from it) is read
   * again under the lock; then every entry, lot and balance in a few statements.
   */
  async expireBatch(tenantId: string, batch: ExpiredLot[], now: Date): Promise<ExpiryOutcome> {
    // The nightly job's unit of work is the batch, not the night: each commits on its own.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.uow.transaction(async () => {
          const locked = await this.ledger.lockAll(tenantId, batch.map((lot) => lot.accountId));
          const lots = await this.asLocked(tenantId, batch, locked, now);
          return this.writeOff(tenantId, lots, locked, now);
        });
      } catch (error) {
        // Another instance wrote one of these lots' expiry first: run the batch again,
        // which now finds it settled and leaves it alone.
        if (isUniqueViolation(error) && attempt < 2) continue;
        throw error;
      }
    }
  }

  /**
   * Tells subscribers of the points that expire within the notice period (points.expiring),
   * once per lot, a batch per transaction: the lots' mark and their events commit together.
   */
  async announceExpiring(tenantId: string, now = this.config.clock.now(), batchSize = 1000): Promise<number> {
    const until = new Date(now.getTime() + this.config.expiryNoticeDays * 86_400_000);
    let announced = 0;
    for (;;) {
      const told = await this.uow.transaction(async () => {
        const lots = await this.repository.lockLotsToAnnounce(tenantId, now, until, batchSize);
        if (lots.length === 0) return 0;
        const accounts = new Map((await this.repository.accountsWithIds(tenantId, [...new Set(lots.map((lot) => lot.accountId))])).map((account) => [account.id, account]));
        const facts: FactToRecord[] = [];
        for (const lot of lots) {
          const account = accounts.get(lot.accountId)!;
          facts.push({
            type: 'points.expiring',
            customerId: account.holderType === 'customer' ? account.holderId : null,
            data: {
              accountId: account.id,
              accountTypeCode: (await this.types.get(tenantId, account.accountTypeId)).code,
              holder: { type: account.holderType, id: account.holderId },
              lotId: lot.id,
              amount: lot.remaining,
              expiresAt: lot.expiresAt!.toISOString(),
            },
          });
        }
        this.outbox.recordAll(tenantId, facts);
        await this.repository.markLotsAnnounced(
          tenantId,
          lots.map((lot) => lot.id),
          now,
        );
        return lots.length;
      });
      announced += told;
      if (told < batchSize) return announced;
    }
  }

  /** Every expired lot of a tenant, batch by batch; what the nightly job runs. */
  async expireAll(tenantId: string, now = this.config.clock.now(), batchSize = 2000): Promise<ExpiryOutcome> {
    const outcome: ExpiryOutcome = { lots: 0, amount: 0 };
    let after: Lot | null = null;
    for (;;) {
      const lots = await this.expiredLots(tenantId, now, after, batchSize);
      if (lots.length === 0) return outcome;
      const expired = await this.expireBatch(tenantId, lots, now);
      [outcome.lots, outcome.amount] = [outcome.lots + expired.lots, outcome.amount + expired.amount];
      after = lots[lots.length - 1];
    }
  }

  private async asLocked(tenantId: string, batch: ExpiredLot[], locked: Map<string, LockedAccount>, now: Date): Promise<Lot[]> {
    const changed = [...new Set(batch.filter((lot) => locked.get(lot.accountId)!.account.entryCount !== lot.accountEntries).map((lot) => lot.accountId))];
    if (changed.length === 0) return batch;
    const fresh = await this.repository.expiredLotsOfAccounts(tenantId, changed, now);
    const inBatch = new Set(batch.map((lot) => lot.id));
    return [...batch.filter((lot) => !changed.includes(lot.accountId)), ...fresh.filter((lot) => inBatch.has(lot.id))].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private async writeOff(tenantId: string, lots: Lot[], locked: Map<string, LockedAccount>, now: Date): Promise<ExpiryOutcome> {
    const outcome: ExpiryOutcome = { lots: 0, amount: 0 };
    // What a hold has set aside stays: each account gives up at most what is available.
    const left = new Map([...locked].map(([id, { account }]) => [id, Math.max(0, available(account))]));
    const writes: LedgerWrite[] = [];
    const kept: RowUpdate[] = [];
    const emptied: string[] = [];
    for (const lot of lots) {
      const amount = Math.min(lot.remaining, left.get(lot.accountId)!);
      // Held to the last point: the lot waits for the hold, and the next night tries again.
      if (amount === 0) continue;
      left.set(lot.accountId, left.get(lot.accountId)! - amount);
      if (amount < lot.remaining) kept.push({ id: lot.id, set: { remaining: lot.remaining - amount } });
      else emptied.push(lot.id);
      writes.push({
        locked: locked.get(lot.accountId)!,
        kind: 'expiry',
        change: { amount: -amount, held: 0 },
        context: { tenantId, actorId: null, reason: 'points expired' },
        extra: { expiredLotId: lot.id },
      });
      [outcome.lots, outcome.amount] = [outcome.lots + 1, outcome.amount + amount];
    }
    await this.ledger.writeAll(writes);
    // Most lots expire whole; a lot that keeps what a hold set aside had its one expiry.
    await this.repository.writeOffLots(tenantId, emptied, kept, now);
    return outcome;
  }
}
