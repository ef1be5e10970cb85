import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

export const VISIT_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/**
 * A recognised customer's visit: one tab, from attaching the guest to closing (or not).
 * Amounts are what the closed tab came to; refunds are kept beside them, so a full
 * refund leaves the customer's totals as they were before the visit.
 */
@Entity('rc_visits')
@Index('rc_visits_tab_customer', ['tenantId', 'tabId', 'customerId'], { unique: true })
// Covers the tiers' standings (spend, visits, points over a window) without reading rows.
@Index('rc_visits_customer', ['tenantId', 'customerId', 'closedAt', 'status', 'net', 'refunded', 'pointsEarned'])
@Index('rc_visits_location', ['tenantId', 'locationId', 'closedAt'])
// Covers the reports' reads of a period (guests active in it, the top guests) without reading rows.
@Index('rc_visits_closed', ['tenantId', 'closedAt', 'status', 'locationId', 'customerId', 'net', 'refunded'])
export class Visit {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('customer_id', { length: 32 })
  customerId: string;

  /** The card or key that recognised the guest, when one did. */
  @KeyColumn('identifier_id', { length: 32, nullable: true })
  identifierId: string | null;

  @KeyColumn('tab_id')
  tabId: string;

  @KeyColumn('status', { length: 16 })
  status: VisitStatus;

  @KeyColumn('currency', { length: 3 })
  currency: string;

  @KeyColumn('location_id', { nullable: true })
  locationId: string | null;

  @KeyColumn('division_id', { nullable: true })
  divisionId: string | null;

  @KeyColumn('table_id', { nullable: true })
  tableId: string | null;

  @KeyColumn('waiter_id', { nullable: true })
  waiterId: string | null;

  @Column({ name: 'guest_count', type: 'integer', nullable: true })
  guestCount: number | null;

  @TimeColumn('started_at')
  startedAt: Date;

  @TimeColumn('closed_at', { nullable: true })
  closedAt: Date | null;

  /** Before the plugin's discounts. */
  @BigIntColumn('gross', { default: 0 })
  gross: number;

  @BigIntColumn('discount', { default: 0 })
  discount: number;

  /** What the guest paid: gross − discount. */
  @BigIntColumn('net', { default: 0 })
  net: number;

  @BigIntColumn('tax', { default: 0 })
  tax: number;

  @BigIntColumn('service_charge', { default: 0 })
  serviceCharge: number;

  /** Paid from bonus-money accounts (the rest was paid with money). */
  @BigIntColumn('bonus_paid', { default: 0 })
  bonusPaid: number;

  /** Points and bonus earned and spent, per account type: { points: 240 }. */
  @JsonColumn('earned')
  earned: Record<string, number>;

  @JsonColumn('spent')
  spent: Record<string, number>;

  /** Points (accounts of the points kind) earned, refunds taken off: what tiers on points count. */
  @BigIntColumn('points_earned', { default: 0 })
  pointsEarned: number;

  /** The rules that priced the tab: [{ ruleId, ruleVersion, categoryCode, amount }]. */
  @JsonColumn('discounts')
  discounts: { ruleId: string; ruleVersion: number; categoryCode: string; amount: number }[];

  @BigIntColumn('refunded', { default: 0 })
  refunded: number;

  @TimeColumn('updated_at')
  updatedAt: Date;
}
