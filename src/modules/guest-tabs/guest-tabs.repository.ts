import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { insertRows, lockRows, updateRow } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { In } from 'typeorm';
import { GuestTab } from './guest-tab.entity.js';
import { TabEvaluation } from './tab-evaluation.entity.js';

/** The state a tab's newest applied event leaves its row in. */
export type TabState = Omit<GuestTab, 'tenantId' | 'id' | 'limitsCounted' | 'billId'>;

/** Host tabs' rows and the bills frozen for them at pre-check. */
@Injectable()
export class GuestTabsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The tab's row, locked until the unit of work ends. */
  async lockTab(tenantId: string, tabId: string): Promise<GuestTab | null> {
    const [tab] = await lockRows(this.uow.manager, GuestTab, 'tenant_id = ? AND id = ?', [tenantId, tabId]);
    return tab ?? null;
  }

  findTab(tenantId: string, tabId: string): Promise<GuestTab | null> {
    return this.uow.read((manager) => manager.findOneBy(GuestTab, { tenantId, id: tabId }));
  }

  /** Marks the tab's limited rules counted; false when a close counted them already. */
  async markLimitsCounted(tenantId: string, tabId: string): Promise<boolean> {
    const result = await this.uow.manager.update(GuestTab, { tenantId, id: tabId, limitsCounted: false }, { limitsCounted: true });
    return result.affected === 1;
  }

  async joinBill(tenantId: string, tabIds: string[], billId: string): Promise<void> {
    await this.uow.manager.update(GuestTab, { tenantId, id: In(tabIds) }, { billId });
  }

  closedTabsOfBill(tenantId: string, billId: string): Promise<GuestTab[]> {
    return this.uow.read((manager) => manager.findBy(GuestTab, { tenantId, billId, status: 'closed' }));
  }

  tabsOfBill(tenantId: string, billId: string): Promise<GuestTab[]> {
    return this.uow.read((manager) => manager.find(GuestTab, { where: { tenantId, billId }, order: { id: 'ASC' } }));
  }

  /** False when the tab has no row yet. */
  async markMerged(tenantId: string, tabId: string, at: Date): Promise<boolean> {
    const result = await this.uow.manager.update(GuestTab, { tenantId, id: tabId }, { status: 'merged', updatedAt: at });
    return result.affected === 1;
  }

  async insertTab(tab: GuestTab): Promise<void> {
    await insertRows(this.uow.manager, GuestTab, [tab]);
  }

  async updateTab(tenantId: string, tabId: string, state: TabState): Promise<void> {
    await updateRow(this.uow.manager, GuestTab, { tenantId, id: tabId }, state);
  }

  tabsOfCustomer(tenantId: string, customerId: string): Promise<GuestTab[]> {
    return this.uow.read((manager) => manager.find(GuestTab, { where: { tenantId, customerId }, order: { id: 'ASC' } }));
  }

  /** The tenant's tabs, or those of one customer. */
  tabsOf(where: { tenantId: string; customerId?: string }): Promise<GuestTab[]> {
    return this.uow.read((manager) => manager.findBy(GuestTab, where));
  }

  async replaceSnapshot(tenantId: string, tabId: string, snapshot: TabSnapshotDto): Promise<void> {
    await this.uow.manager.update(GuestTab, { tenantId, id: tabId }, { snapshot });
  }

  /** The bills frozen for the tab, oldest version first. */
  frozenEvaluations(tenantId: string, tabId: string): Promise<TabEvaluation[]> {
    return this.uow.read((manager) => manager.find(TabEvaluation, { where: { tenantId, tabId }, order: { tabVersion: 'ASC' } }));
  }

  /** The bills frozen for the tab, newest version first. */
  frozenEvaluationsNewestFirst(tenantId: string, tabId: string): Promise<TabEvaluation[]> {
    return this.uow.read((manager) => manager.find(TabEvaluation, { where: { tenantId, tabId }, order: { tabVersion: 'DESC' } }));
  }

  /** Keeps the bill printed for a tab version; a reprint of that version replaces it. */
  async freezeEvaluation(bill: TabEvaluation): Promise<void> {
    const { tenantId, tabId, tabVersion, ...frozen } = bill;
    // A bill is printed once per version; an insert is one round trip where save() takes two.
    try {
      await this.uow.manager.insert(TabEvaluation, bill);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.uow.manager.update(TabEvaluation, { tenantId, tabId, tabVersion }, frozen);
    }
  }
}
