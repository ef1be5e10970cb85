import { minutesOf, previousDay, type LocalTime } from './local-time.js';
import type { BundleComponent, Conditions, Scope, TabLine, WhyNot } from './types.js';

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
  /** A reach of every line and one of none, for each rule's reach to start as a copy of. */
  everyLine: boolean[];
  noLine: boolean[];
}

function add(index: Map<string, number[]>, key: string, line: number): void {
  // A line naming a key twice is listed twice: every reader marks or collects, so it is harmless.
  const lines = index.get(key);
  if (lines) lines.push(line);
  else index.set(key, [line]);
}

/** What a rule book's scopes and rules name: a key none names is not worth indexing. */
export interface Named {
  products: Set<string>;
  groups: Set<string>;
  tags: Set<string>;
  categories: Set<string>;
}

export function namedIn(scopes: Scope[], categories: Iterable<string>): Named {
  const named: Named = { products: new Set(), groups: new Set(), tags: new Set(), categories: new Set(categories) };
  for (const scope of scopes) {
    for (const part of [scope, scope.exclude ?? {}]) {
      for (const product of part.productIds ?? []) named.products.add(product);
      for (const group of part.productGroupIds ?? []) named.groups.add(group);
      for (const tag of part.tags ?? []) named.tags.add(tag);
    }
  }
  return named;
}

/** The lines indexed by every key they carry, or only by the keys a rule book names. */
export function indexLines(lines: TabLine[], named?: Named): LineIndex {
  const index: LineIndex = { count: lines.length, byProduct: new Map(), byGroup: new Map(), byTag: new Map(), byCategory: new Map(), everyLine: [], noLine: [] };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!named || named.products.has(line.productId)) add(index.byProduct, line.productId, i);
    for (const group of line.productGroupIds) if (!named || named.groups.has(group)) add(index.byGroup, group, i);
    for (const tag of line.tags) if (!named || named.tags.has(tag)) add(index.byTag, tag, i);
    for (const code of line.categories) if (!named || named.categories.has(code)) add(index.byCategory, code, i);
    index.everyLine.push(true);
    index.noLine.push(false);
  }
  return index;
}

function mark(reach: boolean[], index: Map<string, number[]>, keys: string[] | undefined, value: boolean): void {
  if (!keys) return;
  for (const key of keys) {
    const lines = index.get(key);
    if (lines) for (const line of lines) reach[line] = value;
  }
}

/**
 * Which lines are in a scope: those matching an inclusion (all when there is none) and
 * no exclusion, by the lines' index.
 */
export function scopeReach(scope: Scope, index: LineIndex): boolean[] {
  const includes = Boolean(scope.productIds?.length || scope.productGroupIds?.length || scope.tags?.length);
  const reach = (includes ? index.noLine : index.everyLine).slice();
  mark(reach, index.byProduct, scope.productIds, true);
  mark(reach, index.byGroup, scope.productGroupIds, true);
  mark(reach, index.byTag, scope.tags, true);
  mark(reach, index.byProduct, scope.exclude?.productIds, false);
  mark(reach, index.byGroup, scope.exclude?.productGroupIds, false);
  mark(reach, index.byTag, scope.exclude?.tags, false);
  return reach;
}

/**
 * Which of a bundle's components each line could fill, one bit per component in the
 * bundle's order (0 for a line none takes in), by the lines' index.
 */
export function componentFits(components: BundleComponent[], index: LineIndex): number[] {
  const fits = new Array<number>(index.count).fill(0);
  components.forEach((component, c) => {
    scopeReach(component.scope, index).forEach((reached, line) => {
      if (reached) fits[line] |= 1 << c;
    });
  });
  return fits;
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
  return timeMiss(conditions, local) === null;
}

/** Which of a rule's days, hours and dates a moment misses, or null when it meets them all. */
export function timeMiss(conditions: Conditions, local: LocalTime): WhyNot | null {
  const day = businessDay(conditions, local);
  if (!day) return { reason: 'outside_hours', from: conditions.timeFrom, to: conditions.timeTo };
  if (conditions.daysOfWeek?.length && !conditions.daysOfWeek.includes(day.weekday)) return { reason: 'wrong_day', daysOfWeek: conditions.daysOfWeek };
  if ((conditions.dateFrom && day.date < conditions.dateFrom) || (conditions.dateTo && day.date > conditions.dateTo)) {
    return { reason: 'outside_dates', from: conditions.dateFrom, to: conditions.dateTo };
  }
  return null;
}

/**
 * Which of a rule's conditions on the tab's amount, quantity and guests the tab misses, with
 * the figure that is missing; null when it meets them. `scopeQuantity` is the units in scope.
 */
export function tabConditionsMiss(conditions: Conditions, facts: TabFacts, scopeQuantity: number): WhyNot | null {
  // An absent bound is one no tab can miss.
  const { minTabAmount = -Infinity, minQuantity = -Infinity, minGuests = -Infinity, maxGuests = Infinity } = conditions;
  const guests = facts.guestCount ?? 0;
  if (facts.grossTotal < minTabAmount) return { reason: 'below_minimum_tab', minimum: minTabAmount, missing: minTabAmount - facts.grossTotal };
  if (scopeQuantity < minQuantity) return { reason: 'needs_more_units', minimum: minQuantity, missing: Math.round((minQuantity - scopeQuantity) * 1000) / 1000 };
  if (guests < minGuests) return { reason: 'too_few_guests', minimum: minGuests };
  if (guests > maxGuests) return { reason: 'too_many_guests', maximum: maxGuests };
  return null;
}
