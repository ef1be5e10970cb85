import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';

export const ACCOUNT_KINDS = ['points', 'bonus_money', 'deposit', 'corporate_credit', 'gift_card'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const EXPIRY_KINDS = ['never', 'days_after_credit', 'end_of_period'] as const;
export const EXPIRY_PERIODS = ['month', 'quarter', 'year'] as const;
export type ExpiryPeriod = (typeof EXPIRY_PERIODS)[number];

/** When credited amounts expire: never, N days after they were credited, or at the end of their period. */
export type ExpiryPolicy =
  | { kind: 'never' }
  | { kind: 'days_after_credit'; days: number }
  | { kind: 'end_of_period'; period: ExpiryPeriod };

// A compile-time check: EXPIRY_KINDS lists exactly the policy's kinds.
true satisfies [(typeof EXPIRY_KINDS)[number]] extends [ExpiryPolicy['kind']] ? ([ExpiryPolicy['kind']] extends [(typeof EXPIRY_KINDS)[number]] ? true : never) : never;

/** A kind of purse a manager defines: points, bonus money, a prepaid deposit, corporate credit. */
@Entity('rc_account_types')
@Index('rc_account_types_code', ['tenantId', 'code'], { unique: true })
export class AccountType {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  /** What sales rules and rewards name it by ("points", "bonus"). */
  @KeyColumn('code', { length: 64 })
  code: string;

  @KeyColumn('name', { length: 200 })
  name: string;

  @KeyColumn('kind', { length: 24 })
  kind: AccountKind;

  /** "points", or the ISO 4217 currency whose minor units the amounts are in. */
  @KeyColumn('unit', { length: 8 })
  unit: string;

  /** Accruals are rounded down to a multiple of this (100: whole points of 2 decimals). */
  @BigIntColumn('rounding_step')
  roundingStep: number;

  /** Whether the balance may go below zero, and how far (corporate credit). */
  @Column({ name: 'allow_negative', type: 'boolean' })
  allowNegative: boolean;

  @BigIntColumn('credit_limit')
  creditLimit: number;

  @JsonColumn('expiry')
  expiry: ExpiryPolicy;

  /** The most a customer may spend from accounts of this type in one business day. */
  @BigIntColumn('daily_spend_limit', { nullable: true })
  dailySpendLimit: number | null;

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
