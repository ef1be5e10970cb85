import { Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

/**
 * What one credit brought in, and what is left of it. Spending takes from the lots that
 * expire first; when a lot expires, what is left of it is written off by one expiry entry.
 */
@Entity('rc_lots')
@Index('rc_lots_account', ['tenantId', 'accountId', 'remaining'])
@Index('rc_lots_unsettled', ['tenantId', 'settledAt', 'expiresAt'])
export class Lot {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('account_id', { length: 32 })
  accountId: string;

  @KeyColumn('entry_id', { length: 32 })
  entryId: string;

  @BigIntColumn('amount')
  amount: number;

  @BigIntColumn('remaining')
  remaining: number;

  @TimeColumn('expires_at', { nullable: true })
  expiresAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;

  /** Nothing more happens to the lot: spent to the last point, or its expiry written off. */
  @TimeColumn('settled_at', { nullable: true })
  settledAt: Date | null;

  /** When subscribers were told it is about to expire (points.expiring): once per lot. */
  @TimeColumn('expiry_noticed_at', { nullable: true })
  expiryNoticedAt: Date | null;
}
