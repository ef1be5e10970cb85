import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { IsKey, Optional } from '../../../common/validation/decorators.js';

/** The reports, and the sections each answers, in the order a page shows them. */
export const REPORT_SECTIONS = {
  members: ['by_day', 'totals', 'cohorts'],
  money: ['by_day', 'discounts'],
  points: ['by_day', 'money_by_day', 'liability'],
  tiers: ['by_month', 'moves'],
  rewards: ['by_reward', 'codes'],
  'top-guests': ['by_spend', 'by_visits'],
} as const;
export type ReportName = keyof typeof REPORT_SECTIONS;
export const REPORT_NAMES = Object.keys(REPORT_SECTIONS) as ReportName[];
export const SECTION_KEYS = [...new Set(Object.values(REPORT_SECTIONS).flat())];

export const COLUMN_UNITS = ['day', 'month', 'text', 'count', 'money', 'points', 'percent'] as const;
export type ColumnUnit = (typeof COLUMN_UNITS)[number];
export const CHARTS = ['line', 'bar', 'none'] as const;
export type Chart = (typeof CHARTS)[number];
export const REPORT_FORMATS = ['json', 'csv'] as const;

/** The longest period a report covers, in days: a year, a leap one too. */
export const MAX_REPORT_DAYS = 366;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ReportParamsDto {
  @ApiProperty({ enum: REPORT_NAMES, example: 'members' })
  @IsIn(REPORT_NAMES)
  report: ReportName;
}

export class ReportQueryDto {
  @ApiProperty({ example: '2026-11-01', description: 'The first day of the period (YYYY-MM-DD, a business day in the plugin’s time zone).' })
  @Matches(DAY, { message: 'must be a day, YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2026-11-30', description: `The last day of the period, included; at most ${MAX_REPORT_DAYS} days after from counting both.` })
  @Matches(DAY, { message: 'must be a day, YYYY-MM-DD' })
  to: string;

  @ApiPropertyOptional({ example: 'cafe-7', description: 'Only what happened at this location. Left out: every location. Customers, cohorts, points and tiers belong to no location and are not narrowed.' })
  @Optional()
  @IsKey()
  locationId?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: '`csv` answers one section (named by `section`) as text/csv. Left out: JSON with every section.' })
  @Optional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];

  @ApiPropertyOptional({ enum: SECTION_KEYS, description: 'With format=csv: the section to answer; one of the report’s own.' })
  @Optional()
  @IsIn(SECTION_KEYS)
  section?: string;
}

export class ReportColumnDto {
  @ApiProperty({ example: 'enrolled', description: 'snake_case; the CSV header names the columns by it.' })
  key: string;

  @ApiProperty({
    enum: COLUMN_UNITS,
    description: 'money: integer minor units of the report’s currency; points: whole units of the account type; percent: a number with at most one decimal (12.5); day: YYYY-MM-DD; month: YYYY-MM.',
  })
  unit: ColumnUnit;
}

export type ReportCell = string | number | null;

export class ReportSectionDto {
  @ApiProperty({ example: 'by_day' })
  key: string;

  @ApiProperty({ enum: CHARTS, description: 'How a page draws it: the first column is the x axis, the other numeric columns its series.' })
  chart: Chart;

  @ApiProperty({ type: () => [ReportColumnDto] })
  columns: ReportColumnDto[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true } },
    example: [['2026-11-01', 12, 140]],
    description: 'One array per row, a cell per column in order; null where a figure is not known (all tabs on a day the host sent only its guests’ tabs).',
  })
  rows: ReportCell[][];
}

export class ReportDto {
  @ApiProperty({ enum: REPORT_NAMES })
  report: ReportName;

  @ApiProperty({ example: '2026-11-01' })
  from: string;

  @ApiProperty({ example: '2026-11-30' })
  to: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  locationId: string | null;

  @ApiProperty({ example: 'RUB', description: 'The currency of every money column (the plugin’s default currency).' })
  currency: string;

  @ApiProperty({ type: () => [ReportSectionDto] })
  sections: ReportSectionDto[];
}
