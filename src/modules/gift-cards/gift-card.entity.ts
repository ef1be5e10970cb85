import { Entity, Index, PrimaryColumn } from 'typeorm';
import { BigIntColumn, KeyColumn, TenantIdColumn, TimeColumn } from '../../common/database/columns.js';

/** A card is active from its sale until the sale is refunded (void); what is on it lives in its account. */
export const GIFT_CARD_STATUSES = ['active', 'void'] as const;
export type GiftCardStatus = (typeof GIFT_CARD_STATUSES)[number];

/**
 * A gift card sold at the till: a deposit account on a code, with no guest needed. The
 * money on it is the account's ledger; the card keeps what it was sold for and by which sale.
 */
@Entity('rc_gift_cards')
@Index('rc_gift_cards_code', ['tenantId', 'code'], { unique: true })
@Index('rc_gift_cards_sale', ['tenantId', 'saleId'], { unique: true })
export class GiftCard {
  @TenantIdColumn()
  tenantId: string;

  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id: string;

  /** As the till reads it: upper case, without spaces or dashes. */
  @KeyColumn('code', { length: 64 })
  code: string;

  @KeyColumn('account_id', { length: 32 })
  accountId: string;

  @KeyColumn('status', { length: 16 })
  status: GiftCardStatus;

  /** What the card was sold for, in minor units of the account type's currency. */
  @BigIntColumn('value')
  value: number;

  /** The host's reference of the sale that paid for the card; its refund voids the card. */
  @KeyColumn('sale_id', { length: 128 })
  saleId: string;

  @TimeColumn('created_at')
  createdAt: Date;

  @KeyColumn('created_by')
  createdBy: string;

  @TimeColumn('voided_at', { nullable: true })
  voidedAt: Date | null;
}
