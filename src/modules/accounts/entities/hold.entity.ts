import { Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

export const HOLD_STATUSES = ['open', 'captured', 'released'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * Balance set aside for a bonus payment on a tab until the tab closes (capture) or not
 * (release). It resolves once: the row lock decides between a capture and a release
 * racing, and the idempotency key makes a retried hold the same hold.
 */
@Entity('rc_holds')
@Index('rc_holds_idempotency', ['tenantId', 'idempotencyKey'], { unique: true })
@Index('rc_holds_account', ['tenantId', 'accountId', 'status'])
@Index('rc_holds_tab', ['tenantId', 'tabId'])
@Index('rc_holds_expiry', ['tenantId', 'status', 'expiresAt'])
export class Hold {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('account_id', { length: 32 })
  accountId: string;

  @KeyColumn('tab_id')
  tabId: string;

  @BigIntColumn('amount')
  amount: number;

  @BigIntColumn('captured_amount')
  capturedAmount: number;

  @KeyColumn('status', { length: 16 })
  status: HoldStatus;

  @KeyColumn('idempotency_key', { length: 200 })
  idempotencyKey: string;

  /** What the request that made the hold was, so the same key with another request is refused. */
  @KeyColumn('request_hash', { length: 64 })
  requestHash: string;

  @KeyColumn('reward_id', { length: 32, nullable: true })
  rewardId: string | null;

  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @KeyColumn('actor_id', { nullable: true })
  actorId: string | null;

  @TimeColumn('expires_at')
  expiresAt: Date;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('resolved_at', { nullable: true })
  resolvedAt: Date | null;
}
