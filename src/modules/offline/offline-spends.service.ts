import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { OfflineRiskDto, OfflineRiskLocationDto, OfflineRiskQueryDto } from './dto/offline-risk.dto.js';
import type { OfflineSpend } from './offline-spend.entity.js';
import { OfflineRepository } from './offline.repository.js';

const DAY = 86_400_000;

/** What tills spent of guests' accounts while offline, and the risk it left per location. */
@Injectable()
export class OfflineSpends {
  constructor(
    private readonly repository: OfflineRepository,
    private readonly accounts: AccountsService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Records a replayed offline payment once: a replay of it again finds it recorded. */
  async record(spend: OfflineSpend): Promise<void> {
    if (await this.repository.spend(spend.tenantId, spend.tabId, spend.payment)) return;
    await this.repository.insertSpend(spend);
  }

  /**
   * Per location, for offline spends taken in the period: how many tabs, how much was spent
   * and how much of it ran past what the accounts had (debt), and what those accounts still
   * owe now. An account in debt from two locations counts at each.
   */
  async risk(tenantId: string, query: OfflineRiskQueryDto): Promise<OfflineRiskDto> {
    const to = query.to ? new Date(query.to) : this.config.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY);
    const spends = await this.repository.spendsBetween(tenantId, from, to);
    const owing = new Map<string, number>();
    const inDebt = [...new Set(spends.filter((spend) => spend.debt > 0).map((spend) => spend.accountId))];
    for (const account of await this.accounts.withIds(tenantId, inDebt)) owing.set(account.id, Math.max(0, -account.total));
    const byLocation = new Map<string, OfflineSpend[]>();
    for (const spend of spends) byLocation.set(spend.locationId ?? '', [...(byLocation.get(spend.locationId ?? '') ?? []), spend]);
    const locations = [...byLocation].map(([locationId, spent]): OfflineRiskLocationDto => {
      const accountsInDebt = new Set(spent.filter((spend) => spend.debt > 0).map((spend) => spend.accountId));
      return {
        locationId: locationId || null,
        offlineTabs: new Set(spent.map((spend) => spend.tabId)).size,
        spent: spent.reduce((sum, spend) => sum + spend.amount, 0),
        debt: spent.reduce((sum, spend) => sum + spend.debt, 0),
        guestsInDebt: new Set(spent.filter((spend) => spend.debt > 0).map((spend) => spend.customerId ?? spend.accountId)).size,
        owedNow: [...accountsInDebt].reduce((sum, accountId) => sum + (owing.get(accountId) ?? 0), 0),
      };
    });
    return { from: from.toISOString(), to: to.toISOString(), locations: locations.sort((a, b) => b.debt - a.debt || b.spent - a.spent) };
  }
}
