import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches, Min } from 'class-validator';
import { IsKey, IsMinorUnits } from '../../../common/validation/decorators.js';
import { REFERRAL_STATUSES, type ReferralStatus } from '../referral.entity.js';

const ACCOUNT_TYPE = /^[a-z][a-z0-9_-]{0,63}$/;

export class ReferralProgramDto {
  @ApiProperty({ description: 'Reward referrals; a code given while off is kept, and rewarded once the programme is on at the new guest’s qualifying visit.' })
  @IsBoolean()
  enabled: boolean;

  @ApiProperty({ example: 3000, description: 'What the new guest’s closed visit must come to after discounts, in minor units, to reward both.' })
  @IsMinorUnits()
  minimumNet: number;

  @ApiProperty({ example: 'points' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as points' })
  referrerAccountTypeCode: string;

  @ApiProperty({ example: 500, description: 'Credited to the guest who brought the new one: points, or minor units of bonus money.' })
  @IsMinorUnits()
  @Min(1)
  referrerAmount: number;

  @ApiProperty({ example: 'points' })
  @Matches(ACCOUNT_TYPE, { message: 'must be an account type code such as points' })
  refereeAccountTypeCode: string;

  @ApiProperty({ example: 300, description: 'Credited to the new guest.' })
  @IsMinorUnits()
  @Min(1)
  refereeAmount: number;
}

export class EnrolReferralDto {
  @ApiProperty({ example: 'c_01JD7…', description: 'The new guest, registered a moment ago.' })
  @IsKey(32)
  customerId: string;

  @ApiProperty({ example: 'ANNA-7K2Q', description: 'The code a regular gave them, as typed.' })
  @IsString()
  @Length(1, 64)
  code: string;
}

export class ReferralDto {
  @ApiProperty() refereeId: string;
  @ApiProperty() referrerId: string;
  @ApiProperty({ enum: REFERRAL_STATUSES, description: '`pending` until the new guest’s first qualifying visit, then `rewarded`.' }) status: ReferralStatus;
  @ApiProperty({ type: String, nullable: true }) visitId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) rewardedAt: string | null;
}

export class CustomerReferralsDto {
  @ApiProperty({ example: 'ANNA7K2QX', description: 'The guest’s own code to give to friends.' }) code: string;
  @ApiPropertyOptional({ type: () => ReferralDto, nullable: true, description: 'Who brought this guest, if anyone.' }) referredBy: ReferralDto | null;
  @ApiProperty({ description: 'How many guests this guest brought.' }) referred: number;
}
