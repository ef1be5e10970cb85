import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsKey, IsMinorUnits, Optional } from '../../../common/validation/decorators.js';
import { AccountDto } from '../../accounts/dto/account.dto.js';
import { GIFT_CARD_STATUSES, type GiftCardStatus } from '../gift-card.entity.js';

/** Money the guest paid onto a card at the till: a top-up, and the sale of a card with it. */
export class TopUpGiftCardDto {
  @ApiProperty({ example: 2000, description: 'What the guest paid, in minor units of the card’s currency.' })
  @IsMinorUnits()
  @Min(1)
  amount: number;

  @ApiProperty({ example: 'pos-3:receipt-8812', description: 'The host’s reference of the paid sale; sending the same sale again changes nothing.' })
  @IsKey()
  saleId: string;
}

export class SellGiftCardDto extends TopUpGiftCardDto {
  @ApiPropertyOptional({ example: '4000 1234 5678', description: 'The code on the card as printed or scanned; a new unguessable code with a check character when absent.' })
  @Optional()
  @IsString()
  @Length(3, 64)
  @Matches(/^[A-Za-z0-9 -]+$/, { message: 'must be letters, digits, spaces or dashes' })
  code?: string;

  @ApiPropertyOptional({ example: 'gift', description: 'The account type (of kind gift_card) the money goes on; the tenant’s only one when absent.' })
  @Optional()
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be an account type code such as gift' })
  accountType?: string;
}

export class RefundGiftCardSaleDto {
  @ApiProperty({ example: 'pos-3:receipt-8812', description: 'The sale being refunded: the card’s own sale voids it, a top-up’s takes that top-up back.' })
  @IsKey()
  saleId: string;
}

export class GiftCardHoldDto {
  @ApiProperty({ example: '4000 1234 5678', description: 'The card as presented at the till.' })
  @IsString()
  @Length(1, 64)
  code: string;

  @ApiProperty({ example: 'tab-123' })
  @IsKey()
  tabId: string;

  @ApiProperty({ example: 3000, description: 'In minor units of the card’s currency.' })
  @IsMinorUnits()
  @Min(1)
  amount: number;

  @ApiProperty({ example: 'pos-3:tab-123:gift-1', description: 'A retry with the same key is the same hold.' })
  @IsString()
  @Length(1, 200)
  idempotencyKey: string;
}

export class GiftCardDto {
  @ApiProperty({ example: '40001234567' }) code: string;
  @ApiProperty({ enum: GIFT_CARD_STATUSES }) status: GiftCardStatus;
  @ApiProperty({ description: 'What the card was sold for.' }) value: number;
  @ApiProperty() saleId: string;
  @ApiProperty({ format: 'date-time' }) soldAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) voidedAt: string | null;
  @ApiProperty({ type: () => AccountDto, description: 'The money on the card: `available` is what it can pay now.' }) account: AccountDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the first of its money expires; null when none does (the type’s expiry is `never`).' })
  nextExpiry: string | null;
}

export class GiftCardListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '4000', description: 'Only the cards whose code begins with this.' })
  @Optional()
  @IsString()
  @Length(1, 64)
  code?: string;
}

export class GiftCardPageDto {
  @ApiProperty({ type: () => [GiftCardDto] }) items: GiftCardDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
