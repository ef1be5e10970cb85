import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsKey, IsMinorUnits, Optional } from '../../../common/validation/decorators.js';
import { ACCOUNT_STATUSES, HOLDER_TYPES, type AccountStatus, type HolderType } from '../entities/account.entity.js';
import { ENTRY_KINDS, MANUAL_ENTRY_KINDS, type EntryKind, type ManualEntryKind } from '../entities/ledger-entry.entity.js';
import { AccountTypeDto } from './account-type.dto.js';

export class ExpiringDto {
  @ApiProperty() amount: number;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/** Whose the account is: a customer's own, or their membership's. */
export class AccountHolderDto {
  @ApiProperty({ enum: HOLDER_TYPES }) type: HolderType;
  @ApiProperty({ example: 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G' }) id: string;
}

export class AccountDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: () => AccountTypeDto }) accountType: AccountTypeDto;
  @ApiProperty({ type: () => AccountHolderDto }) holder: AccountHolderDto;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: AccountStatus;
  @ApiProperty({ description: 'Everything on the account, held included.' }) total: number;
  @ApiProperty({ description: 'Set aside by open holds.' }) held: number;
  @ApiProperty({ description: 'total − held: what may be spent now.' }) available: number;
  @ApiProperty({ type: () => [ExpiringDto], description: 'What expires within the expiryNoticeDays option (30 by default), soonest first.' }) expiringSoon: ExpiringDto[];
}

export class OpenAccountDto {
  @ApiProperty({ example: 'points' })
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be an account type code such as points' })
  accountTypeCode: string;
}

export class UpdateAccountDto {
  @ApiProperty({ enum: ACCOUNT_STATUSES, description: 'frozen: nothing can be spent; closed: nothing moves (the balance must be zero).' })
  @IsIn(ACCOUNT_STATUSES)
  status: AccountStatus;
}

export class AdjustAccountDto {
  @ApiProperty({ enum: MANUAL_ENTRY_KINDS })
  @IsIn(MANUAL_ENTRY_KINDS)
  kind: ManualEntryKind;

  @ApiProperty({ example: 500, description: 'In the account’s units, above zero.' })
  @IsMinorUnits()
  @Min(1)
  amount: number;

  @ApiProperty({ example: 'Apology for the long wait on 12 November', description: 'Required: why the balance changes.' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class TransferDto {
  @ApiProperty() @IsKey(32) toAccountId: string;
  @ApiProperty({ example: 500 }) @IsMinorUnits() @Min(1) amount: number;
  @ApiProperty({ example: 'Moving the points to the family account' }) @IsString() @Length(3, 500) reason: string;
}

export class ResetHoldsDto {
  @ApiProperty({ example: 60, description: 'Release the open holds older than this many minutes.' })
  @IsInt()
  @Min(0)
  @Max(525_600)
  olderThanMinutes: number;

  @ApiProperty({ example: 'The terminal crashed during lunch' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class ListEntriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ENTRY_KINDS })
  @Optional()
  @IsIn(ENTRY_KINDS)
  kind?: EntryKind;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' })
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30T23:59:59Z' })
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class EntryDto {
  @ApiProperty() id: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: ENTRY_KINDS }) kind: EntryKind;
  @ApiProperty({ enum: ['credit', 'debit', 'none'], description: 'For colouring the history: what the entry did to the total.' })
  direction: 'credit' | 'debit' | 'none';
  @ApiProperty({ description: 'Change of the total.' }) amount: number;
  @ApiProperty({ description: 'Change of the held part.' }) heldChange: number;
  @ApiProperty() balanceAfter: number;
  @ApiProperty() heldAfter: number;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ nullable: true, type: String }) identifierId: string | null;
  @ApiProperty({ nullable: true, type: String }) tabId: string | null;
  @ApiProperty({ nullable: true, type: String }) visitId: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty({ nullable: true, type: String }) holdId: string | null;
  @ApiProperty({ nullable: true, type: String }) reversesEntryId: string | null;
  @ApiProperty({ nullable: true, type: String }) counterAccountId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class EntryPageDto {
  @ApiProperty({ type: () => [EntryDto] }) items: EntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** Both sides of a transfer: the debit of the account it left and the credit of the one it reached. */
export class TransferEntriesDto {
  @ApiProperty({ type: () => EntryDto }) out: EntryDto;
  @ApiProperty({ type: () => EntryDto }) in: EntryDto;
}

export class ReleasedHoldsDto {
  @ApiProperty({ description: 'Holds released.' }) released: number;
  @ApiProperty({ description: 'What they held, in minor units.' }) amount: number;
}
