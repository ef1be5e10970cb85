/** Building a formatter costs far more than formatting with one: each kind is built once per time zone. */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string, locale: 'en-CA' | 'en-US', options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone })));
  return format;
}

/** The calendar date it is at a moment in a time zone, as YYYY-MM-DD: the business day. */
export function localDate(at: Date, timeZone: string): string {
  return formatIn(timeZone, 'en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function offsetMinutes(at: Date, timeZone: string): number {
  const format = formatIn(timeZone, 'en-US', { hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local calendar day begins in a time zone (midnight, or the first moment after a gap). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return localInstant(date, 0, timeZone);
}

/** Minutes since local midnight at a moment in a time zone (a wall clock's 22:30 is 1350). */
export function localMinutes(at: Date, timeZone: string): number {
  const minutes = Math.floor(at.getTime() / 60_000) + offsetMinutes(at, timeZone);
  return ((minutes % 1440) + 1440) % 1440;
}

/** The instant a local date's wall clock shows `minutes` past midnight (or the first moment after a daylight-saving gap). */
export function localInstant(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const guess = Date.UTC(year, month - 1, day) + minutes * 60_000;
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // A second pass settles days on which the offset changes (daylight saving).
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** A local date plus whole days. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
