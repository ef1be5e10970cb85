import { Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TimeColumn } from '../../common/database/columns.js';

/**
 * A bonus payment a till took offline, as its replay recorded it: what the account had to
 * give, and the debt the rest left. The offline risk report reads these per location.
 */
@Entity('rc_offline_spends')
@Index('rc_offline_spends_spent', ['tenantId', 'spentAt'])
export class OfflineSpend {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'tab_id', type: 'varchar', length: 128 })
  tabId: string;

  /** The payment's place on the tab: one tab may pay twice from one account. */
  @PrimaryColumn({ name: 'payment', type: 'integer' })
  payment: number;

  @KeyColumn('account_id', { length: 32 })
  accountId: string;

  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @KeyColumn('location_id', { nullable: true })
  locationId: string | null;

  @BigIntColumn('amount')
  amount: number;

  /** The part beyond what the account had: recorded as `offline_debt`. */
  @BigIntColumn('debt')
  debt: number;

  /** When the till took it. */
  @TimeColumn('spent_at')
  spentAt: Date;

  /** When the replay reached the plugin. */
  @TimeColumn('replayed_at')
  replayedAt: Date;
}
