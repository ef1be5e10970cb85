import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { bindable, insertRows, lockRows, placeholders, selectRows, updateRow } from '../../common/database/bulk-writes.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { In } from 'typeorm';
import { GuestTab } from './guest-tab.entity.js';
import { TabEvaluation } from './tab-evaluation.entity.js';
import { FINAL_STATUSES } from './tab-versioning.js';

/** The state a tab's newest applied event leaves its row in. */
export type TabState = Omit<GuestTab, 'tenantId' | 'id' | 'limitsCounted' | 'billId'>;

/**
 * What recording a change that finalises nothing did: `recorded` the row (made or replaced);
 * `stale` nothing, the change is older than the row's; `undecided` nothing, the tab names
 * guests, or the engine cannot tell that from stale (SQLite).
 */
export type RecordedChange = 'recorded' | 'stale' | 'undecided';

/**
 * recordIfNewer's verdict on MySQL, by the insert id its statement answers: 0 for a row made
 * (the table has no AUTO_INCREMENT), else the LAST_INSERT_ID(n) the update set. The affected
 * rows cannot tell: under FOUND_ROWS (mysql2's default) a row left as it was counts 1, as a
 * row made does.
 */
const MYSQL_OUTCOMES: Record<number, RecordedChange> = { 0: 'recorded', 1: 'stale', 2: 'recorded', 3: 'undecided' };

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

  /**
   * Creates the tab's row, or replaces its state when the change is not stale (isStale's rule
   * for a change that finalises nothing, on the row as it is) and the tab recorded names no
   * guests, in one statement that reads nothing first: the row's lock is taken by the write.
   * A row replaced keeps its bill and its limits counted; a location or close time the change
   * does not name keeps the row's.
   */
  async recordIfNewer(tenantId: string, tabId: string, state: TabState): Promise<RecordedChange> {
    const manager = this.uow.manager;
    const value = (property: keyof GuestTab, given: unknown) => bindable(manager, GuestTab, property, given);
    const parameters = [
      tenantId,
      tabId,
      state.version,
      state.status,
      state.locationId,
      state.customerId,
      value('snapshot', state.snapshot),
      value('updatedAt', state.updatedAt),
      value('closedAt', state.closedAt),
      value('limitsCounted', false),
    ];
    const insert =
      'INSERT INTO rc_guest_tabs (tenant_id, id, version, status, location_id, customer_id, snapshot, updated_at, closed_at, limits_counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    const final = placeholders(FINAL_STATUSES);
    const staleness = [state.version, state.version, ...FINAL_STATUSES];
    if (this.uow.engine === 'mysql') {
      // Every assignment after the first reads the verdict the first left in LAST_INSERT_ID():
      // MySQL assigns left to right, each seeing the columns set before it.
      const result = await manager.queryRunner!.query(
        `${insert} ON DUPLICATE KEY UPDATE ` +
          `version = IF(LAST_INSERT_ID(CASE WHEN status = 'merged' OR version > ? OR (version = ? AND status IN (${final})) THEN 1 ` +
          `WHEN JSON_CONTAINS_PATH(snapshot, 'one', '$.guests') THEN 3 ELSE 2 END) = 2, VALUES(version), version), ` +
          ['status', 'customer_id', 'snapshot', 'updated_at'].map((column) => `${column} = IF(LAST_INSERT_ID() = 2, VALUES(${column}), ${column})`).join(', ') +
          ', ' +
          ['location_id', 'closed_at'].map((column) => `${column} = IF(LAST_INSERT_ID() = 2, COALESCE(VALUES(${column}), ${column}), ${column})`).join(', '),
        [...parameters, ...staleness],
        true,
      );
      return MYSQL_OUTCOMES[Number((result.raw as { insertId: number }).insertId)] ?? 'undecided';
    }
    const result = await manager.queryRunner!.query(
      `${insert} ON CONFLICT (tenant_id, id) DO UPDATE SET version = excluded.version, status = excluded.status, customer_id = excluded.customer_id, ` +
        'snapshot = excluded.snapshot, updated_at = excluded.updated_at, location_id = COALESCE(excluded.location_id, location_id), closed_at = COALESCE(excluded.closed_at, closed_at) ' +
        `WHERE status <> 'merged' AND (version < ? OR (version = ? AND status NOT IN (${final}))) AND json_type(snapshot, '$.guests') IS NULL`,
      [...parameters, ...staleness],
      true,
    );
    return result.affected === 1 ? 'recorded' : 'undecided';
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
    return this.uow.read((manager) => selectRows(manager, TabEvaluation, 'tenant_id = ? AND tab_id = ?', [tenantId, tabId], { orderBy: 'tab_version DESC' }));
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
