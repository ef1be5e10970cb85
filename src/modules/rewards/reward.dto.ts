import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsKey, IsMinorUnits, Optional } from '../../common/validation/decorators.js';
import { BENEFIT_KINDS, type BenefitKind } from './reward.entity.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class BenefitDto {
  @ApiProperty({ enum: BENEFIT_KINDS })
  @IsIn(BENEFIT_KINDS)
  kind: BenefitKind;
}

export class FreeProductDto extends BenefitDto {
  @ApiProperty({ enum: ['free_product'] }) declare kind: 'free_product';
  @ApiProperty({ example: 'p-tiramisu' }) @IsKey() productId: string;
  @ApiPropertyOptional({ example: 'Tiramisu', description: 'What the guest and the waiter call it; the card shows it instead of the product id.' })
  @Optional()
  @IsString()
  @Length(1, 200)
  productName?: string;
  @ApiPropertyOptional({ example: 1, default: 1 }) @Optional() @IsInt() @Min(1) @Max(100) units?: number;
}

export class RewardAmountOffDto extends BenefitDto {
  @ApiProperty({ enum: ['amount_off'] }) declare kind: 'amount_off';
  @ApiProperty({ example: 500 }) @IsMinorUnits() @Min(1) amount: number;
  @ApiPropertyOptional({ example: 'EUR' }) @Optional() @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code' }) currency?: string;
}

export class RewardPercentOffDto extends BenefitDto {
  @ApiProperty({ enum: ['percent_off'] }) declare kind: 'percent_off';
  @ApiProperty({ example: 1500 }) @IsInt() @Min(1) @Max(10_000) percentBp: number;
}

export class RewardCategoryDto extends BenefitDto {
  @ApiProperty({ enum: ['category'] }) declare kind: 'category';
  @ApiProperty({ example: 'VIP10', description: 'A promotion category the tab gets for this once.' }) @IsString() @Length(1, 64) categoryCode: string;
}

/** The DTO of each benefit kind; the check keeps one per kind of the entity's union, each with that `kind`. */
const BENEFIT_DTOS = {
  free_product: FreeProductDto,
  amount_off: RewardAmountOffDto,
  percent_off: RewardPercentOffDto,
  category: RewardCategoryDto,
} satisfies { [K in BenefitKind]: new () => { kind: K } };

export const BENEFIT_SUBTYPES = BENEFIT_KINDS.map((name) => ({ value: BENEFIT_DTOS[name], name }));

const BenefitProperty = () =>
  ApiProperty({
    oneOf: BENEFIT_SUBTYPES.map((subtype) => ({ $ref: getSchemaPath(subtype.value) })),
    discriminator: { propertyName: 'kind', mapping: Object.fromEntries(BENEFIT_SUBTYPES.map((subtype) => [subtype.name, getSchemaPath(subtype.value)])) },
  });
const BenefitType = () => Type(() => BenefitDto, { discriminator: { property: 'kind', subTypes: BENEFIT_SUBTYPES }, keepDiscriminatorProperty: true });

@ApiExtraModels(...BENEFIT_SUBTYPES.map((subtype) => subtype.value))
export class CreateRewardDto {
  @ApiProperty({ example: 'FREE_DESSERT' }) @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, { message: 'must be upper-case letters, digits, _ or -' }) code: string;
  @ApiProperty({ example: 'A dessert on the house' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 1000) description?: string;
  @BenefitProperty() @ValidateNested() @IsObject() @BenefitType() benefit: BenefitDto;
  @ApiProperty({ example: 'points', description: 'The account the price is paid from.' }) @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'must be an account type code' }) accountTypeCode: string;
  @ApiProperty({ example: 50_000, description: 'In the account’s units.' }) @IsMinorUnits() @Min(1) price: number;
  @ApiPropertyOptional({ example: '2026-12-01' }) @Optional() @IsISO8601({ strict: true }) @Length(10, 10) availableFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @Optional() @IsISO8601({ strict: true }) @Length(10, 10) availableTo?: string;
  @ApiPropertyOptional({ type: [Number] }) @Optional() @IsArray() @ArrayMaxSize(7) @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true }) daysOfWeek?: number[];
  @ApiPropertyOptional({ example: '12:00' }) @ValidateIf((r: CreateRewardDto) => r.timeFrom !== undefined || r.timeTo !== undefined) @Matches(HHMM, { message: 'must be HH:MM, with timeTo' }) timeFrom?: string;
  @ApiPropertyOptional({ example: '15:00' }) @ValidateIf((r: CreateRewardDto) => r.timeFrom !== undefined || r.timeTo !== undefined) @Matches(HHMM, { message: 'must be HH:MM, with timeFrom' }) timeTo?: string;
  @ApiPropertyOptional({ default: true }) @Optional() @IsBoolean() active?: boolean;
}

export class UpdateRewardDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @Optional() @IsMinorUnits() @Min(1) price?: number;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601({ strict: true }) @Length(10, 10) availableTo?: string | null;
}

export class RewardDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @BenefitProperty() benefit: object;
  @ApiProperty() accountTypeCode: string;
  @ApiProperty() price: number;
  @ApiProperty({ nullable: true, type: String }) availableFrom: string | null;
  @ApiProperty({ nullable: true, type: String }) availableTo: string | null;
  @ApiProperty({ nullable: true, type: [Number] }) daysOfWeek: number[] | null;
  @ApiProperty({ nullable: true, type: String }) timeFrom: string | null;
  @ApiProperty({ nullable: true, type: String }) timeTo: string | null;
  @ApiProperty() active: boolean;
}

/** A reward the guest can take now, and what taking it holds. */
export class OfferDto {
  @ApiProperty() rewardId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @BenefitProperty() benefit: object;
  @ApiProperty() price: number;
  @ApiProperty() accountTypeCode: string;
  @ApiProperty({ description: 'The account the price is held on.' }) accountId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The open hold on this tab that pays for it already: nothing more is to be held.' }) holdId: string | null;
  @ApiProperty({ description: 'Chosen on this evaluation.' }) chosen: boolean;
}
