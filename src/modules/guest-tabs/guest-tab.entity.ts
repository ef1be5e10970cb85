import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';
import type { RecordedTabStatus } from '../../contract/contract-values.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';

/**
 * The plugin's record of a host tab: the newest snapshot it applied and its version.
 * Its row is the lock that serialises the events of one tab.
 */
@Entity('rc_guest_tabs')
@Index('rc_guest_tabs_bill', ['tenantId', 'billId'])
@Index('rc_guest_tabs_closed', ['tenantId', 'status', 'closedAt'])
export class GuestTab {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 128 })
  id: string;

  /** The newest tab version applied. */
  @Column({ name: 'version', type: 'integer' })
  version: number;

  @KeyColumn('status', { length: 16 })
  status: RecordedTabStatus;

  @KeyColumn('location_id', { nullable: true })
  locationId: string | null;

  @KeyColumn('customer_id', { length: 64, nullable: true })
  customerId: string | null;

  @JsonColumn('snapshot', { nullable: true })
  snapshot: TabSnapshotDto | null;

  @TimeColumn('updated_at')
  updatedAt: Date;

  /** When the host closed the tab (its snapshot's time, else the close event's): the day reports count it on. */
  @TimeColumn('closed_at', { nullable: true })
  closedAt: Date | null;

  /**
   * The tab this one was split from, or the first tab of a split's family: the tabs of one
   * bill, whose closes count each line once.
   */
  @KeyColumn('bill_id', { nullable: true })
  billId: string | null;

  /** The close counted what the tab's limited rules gave it: a second close counts nothing. */
  @Column({ name: 'limits_counted', type: 'boolean', default: false })
  limitsCounted: boolean;
}
