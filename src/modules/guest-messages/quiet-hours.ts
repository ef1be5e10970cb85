import { addDays, localDate, localInstant, localMinutes } from '../../common/calendar.js';

/** Quiet hours as minutes past local midnight; `from` after `until` spans midnight. */
export interface QuietWindow {
  from: number;
  until: number;
}

/** When the quiet hours around `now` end on the tenant's wall clock, or null when `now` is outside them. */
export function quietUntil(now: Date, window: QuietWindow | null, timeZone: string): Date | null {
  if (!window) return null;
  const minute = localMinutes(now, timeZone);
  const today = localDate(now, timeZone);
  const spansMidnight = window.from > window.until;
  if (spansMidnight ? minute >= window.from : minute >= window.from && minute < window.until) {
    return localInstant(spansMidnight ? addDays(today, 1) : today, window.until, timeZone);
  }
  if (spansMidnight && minute < window.until) return localInstant(today, window.until, timeZone);
  return null;
}

/** `HH:MM`, as the API and the options write a time of day. */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
