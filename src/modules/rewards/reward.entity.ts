import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, JsonColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

export const BENEFIT_KINDS = ['free_product', 'amount_off', 'percent_off', 'category'] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];

/** What a reward gives when the guest takes it on a tab; one shape for each of BENEFIT_KINDS. */
export type RewardBenefit =
  | { kind: 'free_product'; productId: string; productName?: string; units: number }
  | { kind: 'amount_off'; amount: number; currency: string }
  | { kind: 'percent_off'; percentBp: number }
  | { kind: 'category'; categoryCode: string };

// A compile-time check: BENEFIT_KINDS lists exactly the union's kinds.
true satisfies [BenefitKind] extends [RewardBenefit['kind']] ? ([RewardBenefit['kind']] extends [BenefitKind] ? true : never) : never;

/** A benefit from the catalogue, bought with an account's balance (usually points). */
@Entity('rc_rewards')
@Index('rc_rewards_code', ['tenantId', 'code'], { unique: true })
export class Reward {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('code', { length: 64 })
  code: string;

  @KeyColumn('name', { length: 200 })
  name: string;

  @KeyColumn('description', { length: 1000, nullable: true })
  description: string | null;

  @JsonColumn('benefit')
  benefit: RewardBenefit;

  @KeyColumn('account_type_id', { length: 32 })
  accountTypeId: string;

  @BigIntColumn('price')
  price: number;

  /** Local dates and times the reward can be taken; null is open. */
  @KeyColumn('available_from', { length: 10, nullable: true })
  availableFrom: string | null;

  @KeyColumn('available_to', { length: 10, nullable: true })
  availableTo: string | null;

  @JsonColumn('days_of_week', { nullable: true })
  daysOfWeek: number[] | null;

  @KeyColumn('time_from', { length: 5, nullable: true })
  timeFrom: string | null;

  @KeyColumn('time_to', { length: 5, nullable: true })
  timeTo: string | null;

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;

  @KeyColumn('updated_by')
  updatedBy: string;
}
