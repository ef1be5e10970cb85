import { localDate } from '../../common/calendar.js';

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The birthday in a given year; 29 February falls on the 28th in other years. */
function birthdayIn(year: number, birthDate: string): string {
  const monthDay = birthDate.slice(5);
  return `${year}-${monthDay === '02-29' && !isLeapYear(year) ? '02-28' : monthDay}`;
}

const DAY_MS = 86_400_000;

/**
 * Days until the next birthday in the restaurant's time zone: 0 on the day itself,
 * whatever the server's own zone says.
 */
export function daysToBirthday(birthDate: string | null, now: Date, timeZone: string): number | null {
  if (!birthDate) return null;
  const today = localDate(now, timeZone);
  const year = Number(today.slice(0, 4));
  let next = birthdayIn(year, birthDate);
  if (next < today) next = birthdayIn(year + 1, birthDate);
  return Math.round((Date.parse(next) - Date.parse(today)) / DAY_MS);
}
