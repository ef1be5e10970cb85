import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/** How often a code may be used: once at all, once by each guest, or a number of times in all. */
export const CODE_USAGES = ['single', 'per_guest', 'limited'] as const;
export type CodeUsage = (typeof CODE_USAGES)[number];

/** A code on a tab: set aside by the pre-check, used by the close, given back by a cancel or a full refund. */
export const CODE_USE_STATUSES = ['reserved', 'consumed', 'released'] as const;
export type CodeUseStatus = (typeof CODE_USE_STATUSES)[number];

/** Why a code typed at the till gives nothing, as the till tells the guest. */
export const CODE_REFUSALS = ['unknown', 'used', 'expired', 'not_yet_valid', 'not_for_this_guest', 'needs_guest'] as const;
export type CodeRefusal = (typeof CODE_REFUSALS)[number];

/** What a code is for and how long, the same for a code and for the batch it was generated in. */
export abstract class CodeTerms {
  @KeyColumn('category_code', { length: 64 })
  categoryCode: string;

  @KeyColumn('usage', { length: 16 })
  usage: CodeUsage;

  /** For `limited`: how many tabs may use it in all. */
  @Column({ name: 'max_uses', type: 'integer', nullable: true })
  maxUses: number | null;

  @TimeColumn('valid_from', { nullable: true })
  validFrom: Date | null;

  @TimeColumn('valid_to', { nullable: true })
  validTo: Date | null;
}

/** A promo code or coupon: typed or scanned at the till, it brings its promotion category to the tab. */
@Entity('rc_promo_codes')
@Index('rc_promo_codes_code', ['tenantId', 'code'], { unique: true })
@Index('rc_promo_codes_batch', ['tenantId', 'batchId'])
@Index('rc_promo_codes_customer', ['tenantId', 'customerId'])
export class PromoCode extends CodeTerms {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  /** As the till reads it: upper case, without spaces or dashes. */
  @KeyColumn('code', { length: 64 })
  code: string;

  @KeyColumn('batch_id', { length: 32, nullable: true })
  batchId: string | null;

  /** A code issued to one guest (a next-order coupon) is theirs alone. */
  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;
}

/** A code on a tab; one row per code and tab, whatever became of it. */
@Entity('rc_promo_code_uses')
@Index('rc_promo_code_uses_tab', ['tenantId', 'tabId'])
export class PromoCodeUse {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'code_id', type: 'varchar', length: 32 })
  codeId: string;

  @PrimaryColumn({ name: 'tab_id', type: 'varchar', length: 128 })
  tabId: string;

  @KeyColumn('customer_id', { length: 32, nullable: true })
  customerId: string | null;

  @KeyColumn('status', { length: 16 })
  status: CodeUseStatus;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}

/** Codes generated together, to be printed or sent out: one category, one validity, one usage. */
@Entity('rc_promo_code_batches')
@Index('rc_promo_code_batches_name', ['tenantId', 'name'], { unique: true })
export class PromoCodeBatch extends CodeTerms {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('name', { length: 200 })
  name: string;

  @Column({ name: 'count', type: 'integer' })
  count: number;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;
}
