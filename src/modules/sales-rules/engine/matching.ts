import { localTime, minutesOf, previousDay, type LocalTime } from './local-time.js';
import type { Conditions, Scope, TabLine } from './types.js';

const any = (wanted: string[] | undefined, present: string[]): boolean => !!wanted?.some((item) => present.includes(item));

/** A line is in scope when it matches an inclusion (or there is none) and no exclusion. */
export function inScope(scope: Scope, line: TabLine): boolean {
  const included =
    !scope.productIds?.length && !scope.productGroupIds?.length && !scope.tags?.length
      ? true
      : (scope.productIds ?? []).includes(line.productId) || any(scope.productGroupIds, line.productGroupIds) || any(scope.tags, line.tags);
  const exclude = scope.exclude;
  const excluded =
    !!exclude && ((exclude.productIds ?? []).includes(line.productId) || any(exclude.productGroupIds, line.productGroupIds) || any(exclude.tags, line.tags));
  return included && !excluded;
}

/**
 * The business day a moment belongs to for a rule: inside a window that crosses midnight
 * (22:00–02:00), 01:00 on Saturday is still Friday night. Null when outside the window.
 */
function businessDay(conditions: Conditions, local: LocalTime): LocalTime | null {
  if (conditions.timeFrom === undefined || conditions.timeTo === undefined) return local;
  const from = minutesOf(conditions.timeFrom);
  const to = minutesOf(conditions.timeTo);
  if (from < to) return local.minutes >= from && local.minutes < to ? local : null;
  if (local.minutes >= from) return local;
  if (local.minutes < to) return previousDay(local);
  return null;
}

export interface TabFacts {
  at: Date;
  timeZone: string;
  grossTotal: number;
  guestCount: number | null;
}

/** Whether a rule's conditions hold for the tab; `scopeQuantity` is the units in its scope. */
export function conditionsHold(conditions: Conditions, facts: TabFacts, scopeQuantity: number): boolean {
  const day = businessDay(conditions, localTime(facts.at, facts.timeZone));
  if (!day) return false;
  if (conditions.daysOfWeek?.length && !conditions.daysOfWeek.includes(day.weekday)) return false;
  if (conditions.dateFrom && day.date < conditions.dateFrom) return false;
  if (conditions.dateTo && day.date > conditions.dateTo) return false;
  if (conditions.minTabAmount !== undefined && facts.grossTotal < conditions.minTabAmount) return false;
  if (conditions.minQuantity !== undefined && scopeQuantity < conditions.minQuantity) return false;
  if (conditions.minGuests !== undefined && (facts.guestCount ?? 0) < conditions.minGuests) return false;
  if (conditions.maxGuests !== undefined && (facts.guestCount ?? 0) > conditions.maxGuests) return false;
  return true;
}
