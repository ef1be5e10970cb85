import type { PeriodChoice } from '../customers/period-filter.js';

/** The calendar day an instant falls on in the tenant's zone (`2026-11-10`). */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const MONTHS_BACK = { month: 1, half_year: 6, year: 12 } as const;

/**
 * The days a report covers, as the reports API takes them: whole calendar days in the
 * tenant's zone, the named periods ending today. Null while a custom period lacks a day.
 */
export function reportDays(choice: PeriodChoice, timeZone: string, now = new Date()): { from: string; to: string } | null {
  if (choice.period === 'custom') return choice.from && choice.to ? { from: choice.from, to: choice.to } : null;
  // A report is always of a period: the page does not offer "all".
  if (choice.period === 'all') return null;
  const to = dayIn(now, timeZone);
  const [year, month, day] = to.split('-').map(Number);
  // The day after the same date months back: a month to the 10th is the 11th of last month to the 10th.
  const from = new Date(Date.UTC(year, month - 1 - MONTHS_BACK[choice.period], day + 1)).toISOString().slice(0, 10);
  return { from, to };
}
