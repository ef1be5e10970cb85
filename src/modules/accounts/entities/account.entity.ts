import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

export const HOLDER_TYPES = ['customer', 'membership', 'gift_card'] as const;
export type HolderType = (typeof HOLDER_TYPES)[number];
export const ACCOUNT_STATUSES = ['open', 'frozen', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * One purse of one holder (a customer, a membership pooling several customers, or a gift card). The
 * balances are a cache of the ledger, changed in the same transaction as each entry and
 * under the account's row lock: total = Σ entries, held = Σ open holds, available =
 * total − held.
 */
@Entity('rc_accounts')
@Index('rc_accounts_holder', ['tenantId', 'holderType', 'holderId', 'accountTypeId'], { unique: true })
// The programme's outstanding balance per account type, summed from the index alone.
@Index('rc_accounts_type_total', ['tenantId', 'accountTypeId', 'total'])
export class Account {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('holder_type', { length: 16 })
  holderType: HolderType;

  @KeyColumn('holder_id', { length: 32 })
  holderId: string;

  @KeyColumn('account_type_id', { length: 32 })
  accountTypeId: string;

  @KeyColumn('status', { length: 16 })
  status: AccountStatus;

  @BigIntColumn('total')
  total: number;

  @BigIntColumn('held')
  held: number;

  /** Entries written so far; the next entry's sequence, so the ledger reads in order. */
  @Column({ name: 'entry_count', type: 'integer' })
  entryCount: number;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}
