/** The restaurant's calendar and wall clock at an instant: day, weekday, minutes. */
export interface LocalTime {
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

let last: { timeZone: string; minute: number; local: LocalTime } | null = null;

/**
 * Local time at a moment; evaluations in the same minute and zone share one Intl call and
 * one object, so what a rule misses at that moment can be kept by the object.
 */
export function localTime(at: Date, timeZone: string): LocalTime {
  const minute = Math.floor(at.getTime() / 60_000);
  if (last?.minute === minute && last.timeZone === timeZone) return last.local;
  const local = computeLocalTime(at, timeZone);
  last = { timeZone, minute, local };
  return local;
}

function computeLocalTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday],
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The day before a local date, for the early hours of a window that began last night. */
export function previousDay(local: LocalTime): LocalTime {
  const date = new Date(`${local.date}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return { date: date.toISOString().slice(0, 10), weekday: local.weekday === 1 ? 7 : local.weekday - 1, minutes: local.minutes };
}

export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
