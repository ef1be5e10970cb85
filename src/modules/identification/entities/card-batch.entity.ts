import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../../common/database/columns.js';
import type { IdentifierType } from '../../../contract/contract-values.js';

export const CHECK_DIGITS = ['none', 'ean13', 'luhn'] as const;
export type CheckDigit = (typeof CHECK_DIGITS)[number];

/** A named issue of cards with its own number range: "Gold cards 2026, 2000000…". */
@Entity('rc_card_batches')
@Index('rc_card_batches_name', ['tenantId', 'name'], { unique: true })
export class CardBatch {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  @KeyColumn('name', { length: 100 })
  name: string;

  @KeyColumn('type', { length: 16 })
  type: IdentifierType;

  @KeyColumn('prefix', { length: 20 })
  prefix: string;

  /** Digits of the running number after the prefix, zero-padded. */
  @Column({ name: 'digits', type: 'integer' })
  digits: number;

  @KeyColumn('check_digit', { length: 8 })
  checkDigit: CheckDigit;

  @BigIntColumn('first_number')
  firstNumber: number;

  @BigIntColumn('next_number')
  nextNumber: number;

  /** The last number the batch may issue. */
  @BigIntColumn('last_number')
  lastNumber: number;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by', { length: 128 })
  createdBy: string;
}
