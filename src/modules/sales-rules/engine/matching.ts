import { minutesOf, previousDay, type LocalTime } from './local-time.js';
import type { Conditions, Scope, TabLine } from './types.js';

const setOf = (items: string[] | undefined): Set<string> | null => (items?.length ? new Set(items) : null);
const hits = (wanted: Set<string> | null, present: string[]): boolean => {
  if (!wanted) return false;
  for (const item of present) if (wanted.has(item)) return true;
  return false;
};

/** A scope made ready for many lines: the sets are built once per rule, not per line. */
export interface ScopeMatcher {
  (line: TabLine): boolean;
}

/** A line is in scope when it matches an inclusion (or there is none) and no exclusion. */
export function scopeMatcher(scope: Scope): ScopeMatcher {
  const products = setOf(scope.productIds);
  const groups = setOf(scope.productGroupIds);
  const tags = setOf(scope.tags);
  const everything = !products && !groups && !tags;
  const notProducts = setOf(scope.exclude?.productIds);
  const notGroups = setOf(scope.exclude?.productGroupIds);
  const notTags = setOf(scope.exclude?.tags);
  return (line) => {
    const included = everything || !!products?.has(line.productId) || hits(groups, line.productGroupIds) || hits(tags, line.tags);
    return included && !notProducts?.has(line.productId) && !hits(notGroups, line.productGroupIds) && !hits(notTags, line.tags);
  };
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
  /** The restaurant's local time of the evaluation, worked out once per tab. */
  local: LocalTime;
  grossTotal: number;
  guestCount: number | null;
}

/** Whether a rule's conditions hold for the tab; `scopeQuantity` is the units in its scope. */
export function conditionsHold(conditions: Conditions, facts: TabFacts, scopeQuantity: number): boolean {
  const day = businessDay(conditions, facts.local);
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
