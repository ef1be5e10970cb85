import { chartValue, columnLabel, formatCell, textValue } from './report-format.js';
import { isMeasure, type ColumnUnit, type ReportSection } from './types.js';

export interface ChartSeries {
  label: string;
  unit: ColumnUnit;
  values: (number | null)[];
}

/**
 * What a chart draws: over time (x in seconds since 1970 at the day's or month's UTC start)
 * or by name (x the row's index, `labels` its names), one series per measure, as lines or bars.
 */
export interface ChartData {
  kind: 'time' | 'named';
  style: 'line' | 'bar';
  xUnit: ColumnUnit;
  x: number[];
  labels: string[];
  series: ChartSeries[];
}

/** `2026-11-10` or `2026-11` → seconds at that day's or month's start in UTC. */
function secondsOf(value: string): number {
  const [year, month, day = 1] = value.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / 1000;
}

/** Names of a row for a bar: its text columns, leaving out an id where a name stands beside it. */
function nameColumns(section: ReportSection): number[] {
  const texts = section.columns.map((column, index) => ({ column, index })).filter(({ column }) => !isMeasure(column.unit));
  const named = texts.filter(({ column }) => !column.key.endsWith('_id'));
  return (named.length > 0 ? named : texts).map(({ index }) => index);
}

/**
 * A section over time may be long (a row per day and account type): each value of its
 * text columns becomes a series of its own, so the chart has one line per account type.
 */
function overTime(section: ReportSection, currency: string): ChartData {
  const { columns, rows } = section;
  const groups = columns.map((column, index) => ({ column, index })).filter(({ column, index }) => index > 0 && column.unit === 'text');
  const measures = columns.map((column, index) => ({ column, index })).filter(({ column }) => isMeasure(column.unit));
  const days = [...new Set(rows.map((row) => String(row[0])))].sort();
  const at = new Map(days.map((day, index) => [day, index]));
  const series = new Map<string, ChartSeries>();
  for (const row of rows) {
    const group = groups.map(({ column, index }) => textValue(column.key, String(row[index] ?? ''))).join(' · ');
    for (const { column, index } of measures) {
      const label = group ? (measures.length > 1 ? `${group} · ${columnLabel(column.key)}` : group) : columnLabel(column.key);
      let line = series.get(label);
      if (!line) series.set(label, (line = { label, unit: column.unit, values: days.map(() => null) }));
      line.values[at.get(String(row[0]))!] = chartValue(row[index], column.unit, currency);
    }
  }
  return { kind: 'time', style: 'line', xUnit: columns[0].unit, x: days.map(secondsOf), labels: days, series: [...series.values()] };
}

function byName(section: ReportSection, currency: string): ChartData {
  const names = nameColumns(section);
  const labels = section.rows.map((row) => names.map((index) => textValue(section.columns[index].key, String(row[index] ?? ''))).join(' · '));
  const series = section.columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => isMeasure(column.unit))
    .map(({ column, index }) => ({ label: columnLabel(column.key), unit: column.unit, values: section.rows.map((row) => chartValue(row[index], column.unit, currency)) }));
  return { kind: 'named', style: section.chart === 'line' ? 'line' : 'bar', xUnit: 'text', x: section.rows.map((_, index) => index), labels, series };
}

/** The chart of a section, or null for a section that is a table only. */
export function chartOf(section: ReportSection, currency: string): ChartData | null {
  if (section.chart === 'none' || section.rows.length === 0 || section.columns.length === 0) return null;
  const first = section.columns[0];
  if (first.unit !== 'day' && first.unit !== 'month') return byName(section, currency);
  const data = overTime(section, currency);
  if (section.chart === 'line') return data;
  // Bars stand side by side per day or month, so they are placed by index, named by the date.
  return { ...data, kind: 'named', style: 'bar', x: data.x.map((_, index) => index), labels: data.labels.map((day) => formatCell(day, first, '')) };
}
