import { Injectable } from '@nestjs/common';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import type { AdjustAccountDto, EntryDto, TransferDto, TransferEntriesDto } from '../../modules/accounts/dto/account.dto.js';
import { Outbox } from '../../modules/outbox/outbox.service.js';
import { RewardsService } from '../../modules/rewards/rewards.service.js';

/**
 * A manager's entries on accounts, in the write-once unit of work of the request: the entry,
 * then — when it credited a guest's account — the rewards it brought within the guest's reach,
 * as a close's accrual tells them.
 */
@Injectable()
export class AccountEntriesFlow {
  constructor(
    private readonly accounts: AccountsService,
    private readonly rewards: RewardsService,
    private readonly outbox: Outbox,
  ) {}

  async adjust(actor: RequestActor, accountId: string, input: AdjustAccountDto): Promise<EntryDto> {
    const entry = await this.accounts.adjust(actor, accountId, input);
    await this.tellRewardsReached(actor.tenantId, accountId, entry);
    return entry;
  }

  async transfer(actor: RequestActor, fromId: string, input: TransferDto): Promise<TransferEntriesDto> {
    const entries = await this.accounts.transfer(actor, fromId, input);
    await this.tellRewardsReached(actor.tenantId, input.toAccountId, entries.in);
    return entries;
  }

  /** A membership's pooled account reaches a reward for no one guest: only a guest's own account tells. */
  private async tellRewardsReached(tenantId: string, accountId: string, entry: EntryDto): Promise<void> {
    if (entry.amount <= 0) return;
    const account = await this.accounts.get(tenantId, accountId);
    if (account.holder.type !== 'customer') return;
    const credit = {
      accountId: account.id,
      accountTypeId: account.accountType.id,
      accountTypeCode: account.accountType.code,
      amount: entry.amount,
      availableAfter: entry.balanceAfter - entry.heldAfter,
    };
    this.outbox.recordAll(tenantId, await this.rewards.reachedBy(tenantId, account.holder.id, credit));
  }
}
