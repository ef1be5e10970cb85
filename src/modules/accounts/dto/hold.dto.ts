import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Min } from 'class-validator';
import { IsKey, IsMinorUnits, Optional } from '../../../common/validation/decorators.js';
import { HOLD_STATUSES, type HoldStatus } from '../entities/hold.entity.js';

/** The bonus-hold terminal call (CONTRACT.md section 4). */
export class CreateHoldDto {
  @ApiProperty({ example: 'tab-123' }) @IsKey() tabId: string;
  @ApiProperty({ example: 'a_01JD7…' }) @IsKey(32) accountId: string;
  @ApiProperty({ example: 300, description: 'In the account’s units.' }) @IsMinorUnits() @Min(1) amount: number;
  @ApiProperty({ example: 'pos-3:tab-123:bonus-1', description: 'A retry with the same key is the same hold.' }) @IsString() @Length(1, 200) idempotencyKey: string;
  @ApiPropertyOptional({ description: 'The reward the points pay for (chosen on evaluate).' }) @Optional() @IsKey(32) rewardId?: string;
}

export class HoldDto {
  @ApiProperty({ example: 'h_01JD7…' }) holdId: string;
  @ApiProperty() accountId: string;
  @ApiProperty() tabId: string;
  @ApiProperty() amount: number;
  @ApiProperty({ enum: HOLD_STATUSES }) status: HoldStatus;
  @ApiProperty() capturedAmount: number;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) rewardId: string | null;
}
