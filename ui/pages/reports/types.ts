/**
 * A report as GET /reports/{report} answers it: sections of rows, each column with the
 * unit its cells are read in; the first column of a charted section is its x axis.
 */
export const REPORTS = ['members', 'money', 'points', 'tiers', 'rewards', 'top-guests'] as const;
export type ReportName = (typeof REPORTS)[number];

export type ColumnUnit = 'day' | 'month' | 'text' | 'count' | 'money' | 'points' | 'percent';
export type Cell = string | number | null;

export interface ReportColumn {
  key: string;
  unit: ColumnUnit;
}

export interface ReportSection {
  key: string;
  chart: 'line' | 'bar' | 'none';
  columns: ReportColumn[];
  rows: Cell[][];
}

export interface Report {
  report: ReportName;
  from: string;
  to: string;
  locationId: string | null;
  currency: string;
  sections: ReportSection[];
}

export const isReportName = (name: string | undefined): name is ReportName => REPORTS.includes(name as ReportName);

/** Units a chart draws as a series; the others name the rows. */
export const isMeasure = (unit: ColumnUnit) => unit === 'count' || unit === 'money' || unit === 'points' || unit === 'percent';
