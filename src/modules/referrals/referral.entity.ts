import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/**
 * What a tenant's referral programme gives: the referrer and the new guest each a credit,
 * once the new guest's first closed visit comes to `minimumNet` or more.
 */
@Entity('rc_referral_programs')
export class ReferralProgram {
  @TenantIdColumn()
  tenantId: string;

  @Column({ name: 'enabled', type: 'boolean', default: false })
  enabled: boolean;

  /** What the new guest's visit must come to after discounts, in minor units. */
  @BigIntColumn('minimum_net')
  minimumNet: number;

  @KeyColumn('referrer_account_type_code', { length: 64 })
  referrerAccountTypeCode: string;

  @BigIntColumn('referrer_amount')
  referrerAmount: number;

  @KeyColumn('referee_account_type_code', { length: 64 })
  refereeAccountTypeCode: string;

  @BigIntColumn('referee_amount')
  refereeAmount: number;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by', { length: 128 })
  updatedBy: string;
}

/** A guest's own code to hand to friends; one per guest, made the first time it is asked for. */
@Entity('rc_referral_codes')
@Index('rc_referral_codes_code', ['tenantId', 'code'], { unique: true })
export class ReferralCode {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'varchar', length: 32 })
  customerId: string;

  /** As the till reads it: upper case, without spaces or dashes. */
  @KeyColumn('code', { length: 64 })
  code: string;

  @TimeColumn('created_at')
  createdAt: Date;
}

export const REFERRAL_STATUSES = ['pending', 'rewarded'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** A new guest brought by a regular: rewarded once, after the new guest's first qualifying visit. */
@Entity('rc_referrals')
@Index('rc_referrals_referrer', ['tenantId', 'referrerId'])
export class Referral {
  @TenantIdColumn()
  tenantId: string;

  /** A guest is referred once: the new guest is the key. */
  @PrimaryColumn({ name: 'referee_id', type: 'varchar', length: 32 })
  refereeId: string;

  @KeyColumn('referrer_id', { length: 32 })
  referrerId: string;

  @KeyColumn('status', { length: 16 })
  status: ReferralStatus;

  /** The new guest's visit that earned the reward. */
  @KeyColumn('visit_id', { length: 32, nullable: true })
  visitId: string | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;

  @TimeColumn('rewarded_at', { nullable: true })
  rewardedAt: Date | null;
}
