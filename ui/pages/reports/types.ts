import { valuesOf, type Schema } from '../../schema.js';

/**
 * A report as GET /reports/{report} answers it: sections of rows, each column with the
 * unit its cells are read in; the first column of a charted section is its x axis.
 */
export type Report = Schema<'ReportDto'>;
export type ReportSection = Schema<'ReportSectionDto'>;
export type ReportColumn = Schema<'ReportColumnDto'>;
export type ReportName = Report['report'];
export type ColumnUnit = ReportColumn['unit'];
export type Cell = ReportSection['rows'][number][number];

export const REPORTS = valuesOf<ReportName>({ members: true, money: true, points: true, tiers: true, rewards: true, 'top-guests': true });

export const isReportName = (name: string | undefined): name is ReportName => REPORTS.includes(name as ReportName);

/** Units a chart draws as a series; the others name the rows. */
export const isMeasure = (unit: ColumnUnit) => unit === 'count' || unit === 'money' || unit === 'points' || unit === 'percent';
