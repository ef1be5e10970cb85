import { minutesOf, previousDay, type LocalTime } from './local-time.js';
import type { Conditions, Scope, TabLine } from './types.js';

/**
 * The lines of a tab indexed by what scopes and categories name, built once per
 * evaluation: a rule then finds the lines it reaches with a few look-ups instead of
 * testing every line.
 */
export interface LineIndex {
  count: number;
  byProduct: Map<string, number[]>;
  byGroup: Map<string, number[]>;
  byTag: Map<string, number[]>;
  byCategory: Map<string, number[]>;
}

function add(index: Map<string, number[]>, key: string, line: number): void {
  const lines = index.get(key);
  if (lines) {
    if (lines[lines.length - 1] !== line) lines.push(line);
  } else index.set(key, [line]);
}

export function indexLines(lines: TabLine[]): LineIndex {
  const index: LineIndex = { count: lines.length, byProduct: new Map(), byGroup: new Map(), byTag: new Map(), byCategory: new Map() };
  lines.forEach((line, i) => {
    add(index.byProduct, line.productId, i);
    for (const group of line.productGroupIds) add(index.byGroup, group, i);
    for (const tag of line.tags) add(index.byTag, tag, i);
    for (const code of line.categories) add(index.byCategory, code, i);
  });
  return index;
}

function mark(reach: boolean[], index: Map<string, number[]>, keys: string[] | undefined, value: boolean): void {
  for (const key of keys ?? []) for (const line of index.get(key) ?? []) reach[line] = value;
}

/**
 * Which lines are in a scope: those matching an inclusion (all when there is none) and
 * no exclusion, by the lines' index.
 */
export function scopeReach(scope: Scope, index: LineIndex): boolean[] {
  const includes = Boolean(scope.productIds?.length || scope.productGroupIds?.length || scope.tags?.length);
  const reach = new Array<boolean>(index.count).fill(!includes);
  mark(reach, index.byProduct, scope.productIds, true);
  mark(reach, index.byGroup, scope.productGroupIds, true);
  mark(reach, index.byTag, scope.tags, true);
  mark(reach, index.byProduct, scope.exclude?.productIds, false);
  mark(reach, index.byGroup, scope.exclude?.productGroupIds, false);
  mark(reach, index.byTag, scope.exclude?.tags, false);
  return reach;
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
  grossTotal: number;
  guestCount: number | null;
}

/** Whether a rule's days, hours and dates hold at a moment of the restaurant's time. */
export function timeHolds(conditions: Conditions, local: LocalTime): boolean {
  const day = businessDay(conditions, local);
  if (!day) return false;
  if (conditions.daysOfWeek?.length && !conditions.daysOfWeek.includes(day.weekday)) return false;
  if (conditions.dateFrom && day.date < conditions.dateFrom) return false;
  if (conditions.dateTo && day.date > conditions.dateTo) return false;
  return true;
}

/** Whether a rule's conditions on the tab's amount, quantity and guests hold; `scopeQuantity` is the units in its scope. */
export function tabConditionsHold(conditions: Conditions, facts: TabFacts, scopeQuantity: number): boolean {
  if (conditions.minTabAmount !== undefined && facts.grossTotal < conditions.minTabAmount) return false;
  if (conditions.minQuantity !== undefined && scopeQuantity < conditions.minQuantity) return false;
  if (conditions.minGuests !== undefined && (facts.guestCount ?? 0) < conditions.minGuests) return false;
  if (conditions.maxGuests !== undefined && (facts.guestCount ?? 0) > conditions.maxGuests) return false;
  return true;
}
