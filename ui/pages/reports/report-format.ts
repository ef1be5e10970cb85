import { currencyDigits, formatDate, formatMoney, formatNumber } from '../../format.js';
import { locale, t, type MessageKey } from '../../i18n/index.js';
import type { Cell, ColumnUnit, ReportName } from './types.js';

export const reportTitle = (report: ReportName) => t(`reports.report.${report}` as MessageKey);
export const sectionTitle = (report: ReportName, section: string) => t(`reports.section.${report}.${section}` as MessageKey);
export const columnLabel = (column: string) => t(`reports.column.${column}` as MessageKey);

/** Values of the API's vocabularies (a move's direction) in the reader's words; names and codes as they are. */
export function textValue(column: string, value: string): string {
  return column === 'direction' ? t(`reports.direction.${value}` as MessageKey) : value;
}

/** `2026-11` → "November 2026" in the reader's language. */
export function formatMonth(month: string, options: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric' }): string {
  const [year, number] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(year, number - 1, 1)));
}

/** A percentage the API sends as a number of percent (`37.5` → "37.5 %" in the reader's locale). */
export function formatPercent(percent: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(percent / 100);
}

/** A cell as the table shows it. */
export function formatCell(value: Cell, column: { key: string; unit: ColumnUnit }, currency: string): string {
  if (value === null || value === '') return t('state.none');
  switch (column.unit) {
    case 'day':
      return formatDate(String(value), locale(), 'UTC');
    case 'month':
      return formatMonth(String(value));
    case 'text':
      return textValue(column.key, String(value));
    case 'money':
      return formatMoney(Number(value), currency, locale());
    case 'percent':
      return formatPercent(Number(value));
    default:
      return formatNumber(Number(value), locale());
  }
}

/** A cell as a chart plots it: money in whole units of the currency, so the axis reads as prices do. */
export function chartValue(value: Cell, unit: ColumnUnit, currency: string): number | null {
  if (value === null || value === '') return null;
  const number = Number(value);
  return unit === 'money' ? number / 10 ** currencyDigits(currency) : number;
}
