import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601 } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsKey, Optional } from '../../../common/validation/decorators.js';
import { VISIT_STATUSES, type VisitStatus } from '../entities/visit.entity.js';

/** Amounts keyed by account type code. */
const BY_ACCOUNT_TYPE = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export const PERIODS = ['month', 'half_year', 'year', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

export class PeriodQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, default: 'year', description: 'The last month, half year or year up to now; or from–to.' })
  @Optional()
  @IsIn(PERIODS)
  period?: Period;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'With period=custom.' })
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'With period=custom.' })
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: 'cafe-7' })
  @Optional()
  @IsKey()
  locationId?: string;
}

export class ListVisitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PERIODS }) @Optional() @IsIn(PERIODS) period?: Period;
  @ApiPropertyOptional() @Optional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional() @Optional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional() @Optional() @IsKey() locationId?: string;
}

export class VisitLineDto {
  @ApiProperty() lineId: string;
  @ApiProperty() productId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() quantity: number;
  @ApiProperty() amount: number;
  @ApiProperty() discount: number;
  @ApiProperty() refundedQuantity: number;
  @ApiProperty() refundedAmount: number;
}

export class VisitDto {
  @ApiProperty() id: string;
  @ApiProperty() customerId: string;
  @ApiProperty() tabId: string;
  @ApiProperty({ enum: VISIT_STATUSES }) status: VisitStatus;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String }) locationId: string | null;
  @ApiProperty({ nullable: true, type: String }) divisionId: string | null;
  @ApiProperty({ nullable: true, type: String }) tableId: string | null;
  @ApiProperty({ nullable: true, type: String }) waiterId: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt: string | null;
  @ApiProperty() gross: number;
  @ApiProperty() discount: number;
  @ApiProperty() net: number;
  @ApiProperty() tax: number;
  @ApiProperty() serviceCharge: number;
  @ApiProperty() bonusPaid: number;
  @ApiProperty({ ...BY_ACCOUNT_TYPE, example: { points: 240 } }) earned: Record<string, number>;
  @ApiProperty({ ...BY_ACCOUNT_TYPE, example: { bonus: 300 } }) spent: Record<string, number>;
  @ApiProperty({ description: 'Points (of points-kind accounts) earned, refunds taken off.' }) pointsEarned: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) discounts: object[];
  @ApiProperty() refunded: number;
  @ApiProperty({ type: () => [VisitLineDto] }) lines: VisitLineDto[];
}

export class VisitPageDto {
  @ApiProperty({ type: () => [VisitDto] }) items: VisitDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class FavouriteDto {
  @ApiProperty() productId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ description: 'Units bought in the period.' }) quantity: number;
  @ApiProperty({ description: 'Visits it was bought on.' }) visits: number;
}

export class CustomerStatsDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ description: 'Net of refunds, minor units.' }) spent: number;
  @ApiProperty() visits: number;
  @ApiProperty({ description: 'spent / visits, rounded half up.' }) averageCheck: number;
  @ApiProperty({ ...BY_ACCOUNT_TYPE, example: { points: 1200 } }) pointsEarned: Record<string, number>;
  @ApiProperty({ ...BY_ACCOUNT_TYPE, example: { bonus: 500 } }) pointsSpent: Record<string, number>;
  @ApiProperty({ type: () => [FavouriteDto] }) favouritesByQuantity: FavouriteDto[];
  @ApiProperty({ type: () => [FavouriteDto] }) favouritesByVisits: FavouriteDto[];
}

export class LocationStatsDto {
  @ApiProperty() locationId: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ description: 'Closed visits of recognised customers.' }) visits: number;
  @ApiProperty() customers: number;
  @ApiProperty({ description: 'Customers whose first visit at the location was in the period.' }) newCustomers: number;
  @ApiProperty() returningCustomers: number;
  @ApiProperty() spent: number;
}
