import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import type { EventEffect } from '../../host/contract/event-result.js';
import type { GuestTabEventDto } from '../../host/contract/guest-tab-event.dto.js';
import { GuestTab } from './guest-tab.entity.js';
import { isStale, statusAfter } from './tab-versioning.js';

/** The plugin's record of host tabs, and the per-tab lock events are applied under. */
@Injectable()
export class GuestTabsService {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * Locks the tab's row until the unit of work ends, creating it on first sight, so the
   * events of one tab apply one after another while other tabs go in parallel.
   */
  async lock(tenantId: string, tabId: string): Promise<GuestTab> {
    const manager = this.uow.manager;
    const placeholder = {
      tenantId,
      id: tabId,
      version: -1,
      status: 'new' as const,
      locationId: null,
      customerId: null,
      snapshot: null,
      updatedAt: this.config.clock.now(),
    };
    if (this.uow.engine === 'mysql') {
      // ON DUPLICATE KEY takes the row's exclusive lock at once; INSERT IGNORE would take
      // a shared one first, and two waiters upgrading it deadlock.
      await manager.query(
        'INSERT INTO rc_guest_tabs (tenant_id, id, version, status, updated_at) VALUES (?, ?, -1, ?, ?) ' +
          'ON DUPLICATE KEY UPDATE version = version',
        [tenantId, tabId, placeholder.status, placeholder.updatedAt],
      );
    } else {
      await manager.createQueryBuilder().insert().into(GuestTab).values(placeholder).orIgnore().execute();
    }
    return manager.findOneOrFail(GuestTab, { where: { tenantId, id: tabId }, lock: this.uow.rowLock });
  }

  isStale(tab: GuestTab, event: GuestTabEventDto): boolean {
    return isStale(tab, event);
  }

  /** Records the event's snapshot as the tab's newest state. */
  async apply(tab: GuestTab, event: GuestTabEventDto): Promise<EventEffect[]> {
    const status = statusAfter(event);
    const version = Math.max(tab.version, event.tab.version);
    await this.uow.manager.update(
      GuestTab,
      { tenantId: tab.tenantId, id: tab.id },
      {
        version,
        status,
        locationId: event.locationId ?? tab.locationId,
        customerId: event.tab.customer?.customerId ?? tab.customerId,
        snapshot: event.tab,
        updatedAt: this.config.clock.now(),
      },
    );
    return [{ kind: 'tab', id: tab.id, version, status }];
  }

  find(tenantId: string, tabId: string): Promise<GuestTab | null> {
    return this.uow.read((manager) => manager.findOneBy(GuestTab, { tenantId, id: tabId }));
  }
}
