import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsString, ValidateNested } from 'class-validator';
import { Optional } from '../../common/validation/decorators.js';
import { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { OfferDto } from '../../modules/rewards/reward.dto.js';
import { LIMIT_KINDS, STACKINGS, type LimitKind, type Stacking } from '../../modules/sales-rules/engine/types.js';

export class EvaluateRequestDto {
  @ApiProperty({ type: () => TabSnapshotDto })
  @ValidateNested() @IsObject()
  @Type(() => TabSnapshotDto)
  tab: TabSnapshotDto;

  @ApiPropertyOptional({ type: [String], description: 'Rewards the guest chose to take on this tab.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  benefits?: string[];
}

export class AppliedDiscountDto {
  @ApiProperty({ example: 10000 }) amount: number;
  @ApiProperty({ example: 'VIP10' }) categoryCode: string;
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ enum: STACKINGS }) stacking: Stacking;
  @ApiProperty({ example: 'Regulars 10% (VIP10)' }) reason: string;
}

export class LineEvaluationDto {
  @ApiProperty() lineId: string;
  @ApiProperty({ description: 'What the line costs the guest before the plugin’s discounts.' }) amount: number;
  @ApiProperty({ description: 'What the discounts were computed on.' }) discountBase: number;
  @ApiProperty({ type: () => [AppliedDiscountDto] }) discounts: AppliedDiscountDto[];
  @ApiProperty() discountTotal: number;
  @ApiProperty() amountAfter: number;
}

export class EvaluationTotalsDto {
  @ApiProperty() before: number;
  @ApiProperty() discount: number;
  @ApiProperty() after: number;
  @ApiProperty() serviceCharge: number;
}

/** A rule behind an accrual, by the version that priced the tab. */
export class AccrualRuleDto {
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ example: 'BASE' }) categoryCode: string;
}

export class AccrualDto {
  @ApiProperty({ example: 'points' }) accountType: string;
  @ApiProperty({ description: 'What closing the tab would accrue, in the account’s units.' }) points: number;
  @ApiProperty({ type: () => [AccrualRuleDto] }) rules: AccrualRuleDto[];
}

export class LimitDto {
  @ApiProperty({ enum: LIMIT_KINDS }) kind: LimitKind;
  @ApiProperty({ nullable: true, type: String, description: 'The operation or account type.' }) subject: string | null;
  @ApiProperty() limit: number;
  @ApiProperty() used: number;
  @ApiProperty() left: number;
  @ApiProperty() broken: boolean;
  @ApiProperty() categoryCode: string;
  @ApiProperty() ruleId: string;
}

/** The answer of the evaluate terminal call (CONTRACT.md section 4). */
export class TabEvaluationDto {
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: () => [LineEvaluationDto] }) lines: LineEvaluationDto[];
  @ApiProperty({ type: () => EvaluationTotalsDto }) totals: EvaluationTotalsDto;
  @ApiProperty({
    type: () => [AccrualDto],
    description: 'What closing the tab as it stands would accrue: on the part of the bill not paid from bonus money (its open holds among the payments), unless the tenant accrues on bonus payments too.',
  })
  accrual: AccrualDto[];
  @ApiProperty({ type: () => [LimitDto] }) limits: LimitDto[];
  @ApiProperty() breaksLimit: boolean;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ type: () => [OfferDto], description: 'Rewards on offer to the guest.' }) benefits: OfferDto[];
}
