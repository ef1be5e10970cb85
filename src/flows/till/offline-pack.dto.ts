import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination.js';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ApiMoney, IsKey, Optional } from '../../common/validation/decorators.js';
import { BaseDto } from '../../modules/settings/dto/settings.dto.js';
import { RewardDto } from '../../modules/rewards/reward.dto.js';

/** The most guests one page of a pack carries; a till takes the pages one after another. */
export const MAX_PACK_GUESTS = 5_000;

export class OfflinePackQueryDto extends PickType(PageQueryDto, ['cursor'] as const) {
  @ApiPropertyOptional({ description: 'The location the till serves; the actor’s locationId when left out (one of the two is required).' })
  @Optional()
  @IsKey()
  locationId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PACK_GUESTS, description: 'Guests per page; 1000 when left out.' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PACK_GUESTS)
  limit?: number;
}

/** How a till turns what a guest presents into the hashes the pack lists. */
export class IdentifierHashingDto {
  @ApiProperty({ enum: ['hmac-sha256'] }) algorithm: 'hmac-sha256';
  @ApiProperty({ description: 'The HMAC key, base64url (32 bytes).' }) salt: string;
  @ApiProperty({
    example: '<type>:<value>',
    description:
      'What is hashed: the identifier type, a colon and the value as the plugin normalises it (track-2 sentinels off a stripe, a UID in upper-case hex without separators, a phone in E.164); hex digest.',
  })
  message: string;
}

export class OfflinePackSettingsDto {
  @ApiProperty({ type: () => BaseDto }) discountBase: BaseDto;
  @ApiProperty({ type: () => BaseDto }) accrualBase: BaseDto;
  @ApiProperty() accrueOnBonusPayments: boolean;
  @ApiProperty() accrueOnGiftCardPayments: boolean;
  @ApiProperty() giftCardSalesLikeAnyLine: boolean;
}

export class OfflineTierDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String], description: 'The promotion categories the tier brings (the engine’s `tier` source).' }) categories: string[];
}

export class OfflineIdentifierDto {
  @ApiProperty({ example: 'magnetic_card' }) type: string;
  @ApiProperty({ description: 'HMAC-SHA256 of "<type>:<normalised value>" under the pack’s salt, hex: never the number itself.' }) hash: string;
}

export class OfflineAccountDto {
  @ApiProperty() accountId: string;
  @ApiProperty() accountTypeCode: string;
  @ApiProperty({ description: '"points" or the ISO 4217 currency of the amounts.' }) unit: string;
  @ApiMoney({ description: 'What the till may let the guest spend from this account while offline: the smaller of what is available and the tenant’s offlineAllowance; 0 for points and other currencies' })
  allowance: number;
}

export class OfflineGuestDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ description: 'The name the till greets the guest by.' }) displayName: string;
  @ApiProperty({ type: String, nullable: true }) tierCode: string | null;
  @ApiProperty({ type: [String], description: 'The guest’s personal promotion categories in effect today (the engine’s `personal` source).' }) categories: string[];
  @ApiProperty({ type: () => [OfflineIdentifierDto] }) identifiers: OfflineIdentifierDto[];
  @ApiProperty({ type: () => [OfflineAccountDto] }) accounts: OfflineAccountDto[];
}

/**
 * What a till needs to recognise regulars and price their tabs while it cannot reach the
 * plugin (CONTRACT.md, offline tills). Signed: the `X-Regulars-Pack-Signature` header.
 */
export class OfflinePackDto {
  @ApiProperty({ enum: [1] }) format: 1;
  @ApiProperty({ description: 'The key the pack is signed with: the first 16 hex digits of the SHA-256 of its public key.' }) keyId: string;
  @ApiProperty() tenantId: string;
  @ApiProperty() locationId: string;
  @ApiProperty({ description: 'When the pack was made; not part of its ETag.' }) generatedAt: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: 'Europe/Stockholm' }) timeZone: string;
  @ApiProperty({ type: () => IdentifierHashingDto }) identifierHashing: IdentifierHashingDto;
  @ApiProperty({ type: () => OfflinePackSettingsDto }) settings: OfflinePackSettingsDto;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The rule book in the engine’s shape, `{ rules, categories }`, for `evaluate` of `@regulars/plugin/engine`.' })
  ruleBook: object;
  @ApiProperty({ type: () => [OfflineTierDto] }) tiers: OfflineTierDto[];
  @ApiProperty({ type: () => [RewardDto], description: 'The rewards on offer, to show; a till does not give them offline.' }) rewards: RewardDto[];
  @ApiProperty({ type: () => [OfflineGuestDto] }) guests: OfflineGuestDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page of guests; null on the last.' }) nextCursor: string | null;
}

/** The key a till pins to verify offline packs with. */
export class OfflinePackKeyDto {
  @ApiProperty() keyId: string;
  @ApiProperty({ enum: ['ed25519'] }) algorithm: 'ed25519';
  @ApiProperty({ description: 'The raw 32-byte Ed25519 public key, base64url.' }) publicKey: string;
}

/** A pack as the HTTP call answers it: the exact bytes signed, their signature and ETag. */
export interface SignedOfflinePack {
  pack: OfflinePackDto;
  /** The JSON the signature covers, byte for byte. */
  body: string;
  /** `ed25519=<base64url signature of body>` */
  signature: string;
  /** A strong ETag of everything in the pack but `generatedAt`. */
  etag: string;
}
