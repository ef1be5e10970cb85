import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { ApiMoney, Optional } from '../../../common/validation/decorators.js';

export class OfflineRiskQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the period (offline spends taken from then); 30 days before `to` when left out.' })
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the period, exclusive; now when left out.' })
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class OfflineRiskLocationDto {
  @ApiProperty({ type: String, nullable: true, description: 'null for tabs whose events named no location.' }) locationId: string | null;
  @ApiProperty({ description: 'Tabs that paid with bonus offline.' }) offlineTabs: number;
  @ApiMoney({ description: 'What tills spent from guests’ accounts offline' }) spent: number;
  @ApiMoney({ description: 'The part of it beyond what the accounts had when it was replayed: recorded as debt' }) debt: number;
  @ApiProperty({ description: 'Guests whose offline spending left a debt.' }) guestsInDebt: number;
  @ApiMoney({ description: 'What the accounts that ran into debt here still owe now, after what has paid it back since' }) owedNow: number;
}

/** The offline risk report: per location, what tills spent offline and what it left owing. */
export class OfflineRiskDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: () => [OfflineRiskLocationDto], description: 'The locations with the most debt first.' }) locations: OfflineRiskLocationDto[];
}
