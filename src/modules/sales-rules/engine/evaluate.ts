import { basisPoints, MAX_ACCRUAL_FACTOR, mulDivHalfUp, prorate } from './amounts.js';
import { reasonFor } from './describe.js';
import { localTime, type LocalTime } from './local-time.js';
import { indexLines, scopeReach, tabConditionsMiss, timeHolds, timeMiss, type TabFacts } from './matching.js';
import { LIMIT_KINDS } from './types.js';
import type {
  Accrual,
  AppliedDiscount,
  Base,
  CategoriesBySource,
  Category,
  EffectKind,
  EffectOf,
  Evaluation,
  EvaluationSettings,
  LimitResult,
  LineResult,
  Rule,
  Stacking,
  Tab,
  TabLine,
  WhyNot,
} from './types.js';

/** The rules of a tenant and the categories they hang on. */
export interface RuleBook {
  rules: Rule[];
  categories: Category[];
}

const DISCOUNT_KINDS = new Set<EffectKind>(['percent_off', 'amount_off', 'fixed_price', 'buy_x_get_y', 'free_units']);
const LIMITS = new Set<EffectKind>(LIMIT_KINDS);

/** Quantities carry at most 3 fraction digits; in thousandths they are exact integers. */
const milli = (quantity: number): number => Math.round(quantity * 1000);

const byPriority = (a: Rule, b: Rule): number => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byId = (a: TabLine, b: TabLine): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A rule with what does not depend on the tab worked out. */
interface ReadyRule {
  rule: Rule;
  reason: string;
  discount: boolean;
}

interface ReadyBook {
  rules: ReadyRule[];
  known: Map<string, Category>;
  reasons: Map<string, string>;
}

/**
 * A rule book is read by many evaluations (a tenant's book is kept per revision), so what
 * depends on it alone is prepared once per book object: rules in priority order with their
 * reasons written. Keyed weakly, so a book dropped from use is forgotten.
 */
const readyBooks = new WeakMap<RuleBook, ReadyBook>();

function ready(book: RuleBook): ReadyBook {
  let prepared = readyBooks.get(book);
  if (!prepared) {
    const rules = [...book.rules].sort(byPriority).map((rule) => ({ rule, reason: reasonFor(rule), discount: DISCOUNT_KINDS.has(rule.effect.kind) }));
    prepared = {
      rules,
      known: new Map(book.categories.map((category) => [category.code, category])),
      reasons: new Map(rules.map(({ rule, reason }) => [rule.id, reason])),
    };
    readyBooks.set(book, prepared);
  }
  return prepared;
}

/**
 * Evaluates a tab against the sales rules of the categories it brings.
 *
 * Per line, the discount rules that apply (category present on the tab or the line,
 * line in scope, conditions true) are stacked like this:
 * - `exclusive`: if any applies, the one giving the most (ties: priority, then id) is the
 *   only discount on the line;
 * - otherwise the best of the `best` rules (same tie-break) applies first, on the full base;
 * - then every `stack` rule in priority order, each on what is left of the base.
 * A category's `lineDiscountCapBp` bounds what all its rules take off one line; where
 * several `stack` rules of a capped category meet on a line, the line gets the ones among
 * them that take the most off together, so adding a rule never makes the guest pay more. No
 * line is discounted below zero. Percentages round half-up per line; a tab-level amount
 * is spread over its lines in proportion to their base, the remainder to the largest.
 *
 * Points accrue on what is left of the accrual base after discounts: the `exclusive`
 * rate alone if there is one, else the best `best` rate plus every `stack` rate, times
 * the multipliers chosen the same way (stack multipliers multiply).
 */
export function evaluate(
  tab: Tab,
  categoriesBySource: CategoriesBySource,
  book: RuleBook,
  now: Date,
  settings: EvaluationSettings,
): Evaluation {
  const lines = tab.lines.every((line, i) => i === 0 || byId(tab.lines[i - 1], line) < 0) ? tab.lines : [...tab.lines].sort(byId);
  const { rules, known, reasons } = ready(book);
  const tabWide = new Set(
    [...categoriesBySource.tab, ...categoriesBySource.division, ...categoriesBySource.table, ...categoriesBySource.personal, ...categoriesBySource.tier].filter(
      (code) => known.has(code),
    ),
  );
  const facts: TabFacts = { grossTotal: lines.reduce((sum, line) => sum + line.amount, 0), guestCount: tab.guestCount };
  const local = localTime(now, settings.timeZone);
  const orderTimes = ordersLocalTimes(lines, settings.timeZone);

  // Which lines each rule reaches (category on the tab or the line, line in scope) is
  // worked out once per rule; every later step reads it by index. Each line also gets
  // the list of discount rules reaching it, in priority order.
  const holding: Reaching[] = [];
  const candidatesOf: Rule[][] = lines.map(() => []);
  const index = indexLines(lines);
  // Why the tab's own discount rules gave nothing, when asked and there is a bill to explain.
  const explain = settings.explain === true && lines.length > 0;
  const missed: { rule: Rule; why: WhyNot }[] = [];
  for (const { rule, discount } of rules) {
    // A category neither the tab nor the guest holds applies only through the lines that
    // carry it: with none (an empty tab, the card at identification) the rule is not the guest's.
    if (!known.has(rule.categoryCode) || !(tabWide.has(rule.categoryCode) || index.byCategory.has(rule.categoryCode))) continue;
    const told = explain && discount;
    if (!currencyFits(rule, tab.currency)) {
      if (told) missed.push({ rule, why: { reason: 'other_currency', currency: (rule.effect as { currency: string }).currency } });
      continue;
    }
    const reaches = scopeReach(rule.scope, index);
    if (!tabWide.has(rule.categoryCode)) {
      const carrying = new Set(index.byCategory.get(rule.categoryCode));
      for (let i = 0; i < reaches.length; i++) reaches[i] &&= carrying.has(i);
    }
    const firstReached = told ? reaches.indexOf(true) : 0;
    if (firstReached < 0) {
      missed.push({ rule, why: { reason: 'no_line_in_scope' } });
      continue;
    }
    // A tab's lines ordered at different times meet a rule's hours line by line; a limit is
    // about the moment of the evaluation.
    if (orderTimes && !LIMITS.has(rule.effect.kind)) {
      for (let i = 0; i < reaches.length; i++) reaches[i] &&= timeHolds(rule.conditions, orderTimes[i] ?? local);
      if (told && !reaches.includes(true)) {
        missed.push({ rule, why: timeMiss(rule.conditions, orderTimes[firstReached] ?? local)! });
        continue;
      }
    } else {
      const late = timeMiss(rule.conditions, local);
      if (late) {
        if (told) missed.push({ rule, why: late });
        continue;
      }
    }
    let unitsInScope = 0;
    for (let i = 0; i < lines.length; i++) if (reaches[i]) unitsInScope += milli(lines[i].quantity);
    const short = tabConditionsMiss(rule.conditions, facts, unitsInScope / 1000) ?? (told ? groupMiss(rule, unitsInScope) : null);
    if (short) {
      if (told) missed.push({ rule, why: short });
      continue;
    }
    holding.push({ rule, reaches });
    if (discount) for (let i = 0; i < lines.length; i++) if (reaches[i]) candidatesOf[i].push(rule);
  }

  // The service charge is spread over the lines only if some base includes it.
  let serviceShares: Map<string, number> | undefined;
  const serviceShareOf = (line: TabLine): number => {
    serviceShares ??= prorate(
      tab.serviceCharge,
      lines.map((candidate) => ({ key: candidate.id, weight: candidate.amount })),
    );
    return serviceShares.get(line.id) ?? 0;
  };
  const baseOf = (line: TabLine, base: Base): number => {
    const withoutTax = tab.pricesIncludeTax ? line.amount - line.taxAmount : line.amount;
    const withTax = tab.pricesIncludeTax ? line.amount : line.amount + line.taxAmount;
    return Math.max(0, (base.includeTax ? withTax : withoutTax) + (base.includeServiceCharge ? serviceShareOf(line) : 0));
  };
  const payableOf = (line: TabLine): number => (tab.pricesIncludeTax ? line.amount : line.amount + line.taxAmount);

  const discountRules = holding.filter(({ rule }) => DISCOUNT_KINDS.has(rule.effect.kind));
  const tabShares = shareTabAmounts(discountRules, lines, (line, rule) => baseOf(line, rule.discountBase ?? settings.discountBase), payableOf);

  const lineResults: LineResult[] = lines.map((line, i) => {
    const payable = payableOf(line);
    const defaultBase = baseOf(line, settings.discountBase);
    const lineBase = Math.min(defaultBase, payable);
    const discounts = stackDiscounts(line, lineBase, candidatesOf[i], {
      known,
      reasons,
      payable,
      ruleBase: (rule) => (rule.discountBase ? baseOf(line, rule.discountBase) : defaultBase),
      tabShare: (rule) => tabShares.get(rule.id)?.get(line.id) ?? 0,
    });
    let discountTotal = 0;
    for (const applied of discounts) discountTotal += applied.amount;
    return { lineId: line.id, amount: payable, discountBase: lineBase, discounts, discountTotal, amountAfter: payable - discountTotal };
  });

  const before = lineResults.reduce((sum, line) => sum + line.amount, 0);
  const discount = lineResults.reduce((sum, line) => sum + line.discountTotal, 0);
  const after = before - discount;
  const accrual = accrue(lines, lineResults, holding, (line, rule) => baseOf(line, rule.accrualBase ?? settings.accrualBase));
  const limits = checkLimits(holding, lineResults, after, settings);
  const coupons = holding.flatMap(({ rule, reaches }) =>
    rule.effect.kind === 'issue_coupon' && reaches.includes(true) ? [{ ruleId: rule.id, ruleVersion: rule.version, categoryCode: rule.effect.categoryCode, validDays: rule.effect.validDays }] : [],
  );

  if (explain) missed.push(...beaten(holding, lineResults, known));
  const present = new Set(tabWide);
  for (const code of index.byCategory.keys()) if (known.has(code)) present.add(code);
  return {
    currency: tab.currency,
    lines: lineResults,
    totals: { before, discount, after, serviceCharge: tab.serviceCharge },
    accrual,
    limits,
    breaksLimit: limits.some((limit) => limit.broken),
    coupons,
    categories: [...present].sort(),
    notApplied: missed
      .sort((a, b) => byPriority(a.rule, b.rule))
      .map(({ rule, why }) => ({ ruleId: rule.id, ruleVersion: rule.version, categoryCode: rule.categoryCode, ruleName: rule.name, ...why })),
  };
}

/** A buy X get Y short of one whole group gives nothing: the units still to order. */
function groupMiss(rule: Rule, unitsInScope: number): WhyNot | null {
  if (rule.effect.kind !== 'buy_x_get_y') return null;
  const group = (rule.effect.buyUnits + rule.effect.getUnits) * 1000;
  return unitsInScope < group ? { reason: 'needs_more_units', minimum: group / 1000, missing: (group - unitsInScope) / 1000 } : null;
}

/**
 * Why a discount rule whose conditions held gave nothing, read on the first line it reaches:
 * another rule took the line (an exclusive one, or a better `best`), its category's cap was
 * used up, or nothing was left to take off. A rule that simply came to nothing there (a fixed
 * price above the line's) is not listed.
 */
function beaten(holding: Reaching[], results: LineResult[], known: Map<string, Category>): { rule: Rule; why: WhyNot }[] {
  const gave = new Set<string>();
  for (const line of results) for (const discount of line.discounts) gave.add(discount.ruleId);
  const missed: { rule: Rule; why: WhyNot }[] = [];
  for (const { rule, reaches } of holding) {
    if (!DISCOUNT_KINDS.has(rule.effect.kind) || gave.has(rule.id)) continue;
    const line = results[reaches.indexOf(true)];
    const winner = line.discounts.find((d) => d.stacking === 'exclusive') ?? (rule.stacking === 'best' ? line.discounts.find((d) => d.stacking === 'best') : undefined);
    const capBp = known.get(rule.categoryCode)?.lineDiscountCapBp;
    const ofCategory = line.discounts.reduce((sum, d) => sum + (d.categoryCode === rule.categoryCode ? d.amount : 0), 0);
    if (winner) missed.push({ rule, why: { reason: 'beaten', byRuleId: winner.ruleId, byCategoryCode: winner.categoryCode, byStacking: winner.stacking } });
    else if (capBp !== null && capBp !== undefined && ofCategory >= basisPoints(line.discountBase, capBp)) missed.push({ rule, why: { reason: 'category_cap_reached', categoryCode: rule.categoryCode } });
    else if (line.discountTotal >= line.discountBase) missed.push({ rule, why: { reason: 'nothing_left_to_discount' } });
  }
  return missed;
}

/**
 * The restaurant's time at which each line was ordered (undefined for a line without an
 * order time), or null when no line has one: the common tab, read at one moment.
 */
function ordersLocalTimes(lines: TabLine[], timeZone: string): (LocalTime | undefined)[] | null {
  if (!lines.some((line) => line.orderedAt)) return null;
  const byMinute = new Map<number, LocalTime>();
  return lines.map((line) => {
    if (!line.orderedAt) return undefined;
    const minute = Math.floor(line.orderedAt.getTime() / 60_000);
    let local = byMinute.get(minute);
    if (!local) byMinute.set(minute, (local = localTime(line.orderedAt, timeZone)));
    return local;
  });
}

/** A rule whose conditions hold, and whether it reaches each line (by the lines' index). */
interface Reaching {
  rule: Rule;
  reaches: boolean[];
}

/** Money effects name their currency; they apply only to tabs in it. */
function currencyFits(rule: Rule, currency: string): boolean {
  return !('currency' in rule.effect) || rule.effect.currency === currency;
}

/**
 * What rules that work on the tab as a whole give each line: a tab amount spread over the
 * lines it reaches in proportion to their base; free units given to the first lines
 * (by id) until they run out, each at its line's price per unit.
 */
function shareTabAmounts(
  rules: Reaching[],
  lines: TabLine[],
  baseOf: (line: TabLine, rule: Rule) => number,
  payableOf: (line: TabLine) => number,
): Map<string, Map<string, number>> {
  const shares = new Map<string, Map<string, number>>();
  for (const { rule, reaches } of rules) {
    const effect = rule.effect;
    if (effect.kind === 'amount_off' && effect.per === 'tab') {
      const weights = lines.filter((_, i) => reaches[i]).map((line) => ({ key: line.id, weight: baseOf(line, rule) }));
      if (weights.length > 0) shares.set(rule.id, prorate(effect.amount, weights));
    } else if (effect.kind === 'free_units') {
      const perLine = new Map<string, number>();
      let unitsLeft = effect.units * 1000;
      lines.forEach((line, i) => {
        if (!reaches[i] || unitsLeft <= 0 || milli(line.quantity) === 0) return;
        const free = Math.min(milli(line.quantity), unitsLeft);
        perLine.set(line.id, mulDivHalfUp(payableOf(line), free, milli(line.quantity)));
        unitsLeft -= free;
      });
      shares.set(rule.id, perLine);
    } else if (effect.kind === 'buy_x_get_y') {
      shares.set(rule.id, cheapestUnitsOff(lines.filter((_, i) => reaches[i]), effect, payableOf));
    }
  }
  return shares;
}

/**
 * Buy X get Y: the units in scope make whole groups of X + Y; as many units as the groups
 * give, the cheapest per unit first (ties by line id), are taken the percentage off.
 */
function cheapestUnitsOff(lines: TabLine[], effect: EffectOf<'buy_x_get_y'>, payableOf: (line: TabLine) => number): Map<string, number> {
  const perLine = new Map<string, number>();
  const units = lines.reduce((sum, line) => sum + milli(line.quantity), 0);
  let given = Math.floor(units / ((effect.buyUnits + effect.getUnits) * 1000)) * effect.getUnits * 1000;
  if (given === 0) return perLine;
  const cheapestFirst = lines
    .filter((line) => milli(line.quantity) > 0)
    .map((line) => ({ line, payable: payableOf(line), units: milli(line.quantity) }))
    .sort((a, b) => a.payable / a.units - b.payable / b.units || byId(a.line, b.line));
  for (const { line, payable, units: lineUnits } of cheapestFirst) {
    if (given <= 0) break;
    const taken = Math.min(lineUnits, given);
    perLine.set(line.id, basisPoints(mulDivHalfUp(payable, taken, lineUnits), effect.percentBp));
    given -= taken;
  }
  return perLine;
}

interface StackContext {
  known: Map<string, Category>;
  reasons: Map<string, string>;
  payable: number;
  ruleBase: (rule: Rule) => number;
  tabShare: (rule: Rule) => number;
}

/** The discounts on a line so far: what each took, what is left of the base, and each category's part. */
interface Stacked {
  applied: AppliedDiscount[];
  left: number;
  byCategory: Map<string, number>;
}

/**
 * How many stack rules sharing caps on one line are tried in and out (2^10 trials at most);
 * any beyond, the latest by priority, always apply.
 */
const MAX_WEIGHED_RULES = 10;

function stackDiscounts(line: TabLine, lineBase: number, candidates: Rule[], context: StackContext): AppliedDiscount[] {
  if (candidates.length === 0) return [];

  /** What the rule takes off now: its raw value, bounded by what is left and by its category's cap. */
  const take = (stacked: Stacked, rule: Rule, onWhatIsLeft: boolean): number => {
    const raw = rawDiscount(rule, line, onWhatIsLeft ? Math.max(0, context.ruleBase(rule) - (lineBase - stacked.left)) : context.ruleBase(rule), context);
    const capBp = context.known.get(rule.categoryCode)?.lineDiscountCapBp;
    const capLeft = capBp === null || capBp === undefined ? Infinity : basisPoints(lineBase, capBp) - (stacked.byCategory.get(rule.categoryCode) ?? 0);
    return Math.max(0, Math.min(raw, stacked.left, capLeft));
  };
  const apply = (stacked: Stacked, rule: Rule, amount: number): void => {
    if (amount <= 0) return;
    stacked.applied.push({ amount, categoryCode: rule.categoryCode, ruleId: rule.id, ruleVersion: rule.version, stacking: rule.stacking, reason: context.reasons.get(rule.id)! });
    stacked.byCategory.set(rule.categoryCode, (stacked.byCategory.get(rule.categoryCode) ?? 0) + amount);
    stacked.left -= amount;
  };
  const best = (stacked: Stacked, stacking: Stacking): Rule | null => {
    let chosen: Rule | null = null;
    let most = 0;
    for (const rule of candidates) {
      if (rule.stacking !== stacking) continue;
      const amount = take(stacked, rule, false);
      if (amount > most) [chosen, most] = [rule, amount];
    }
    return chosen;
  };
  const stackOn = (from: Stacked, rules: Rule[]): Stacked => {
    const stacked = { applied: [...from.applied], left: from.left, byCategory: new Map(from.byCategory) };
    for (const rule of rules) apply(stacked, rule, take(stacked, rule, true));
    return stacked;
  };

  const start: Stacked = { applied: [], left: lineBase, byCategory: new Map() };
  const exclusive = best(start, 'exclusive');
  if (exclusive) {
    apply(start, exclusive, take(start, exclusive, false));
    return start.applied;
  }
  const bestRule = best(start, 'best');
  if (bestRule) apply(start, bestRule, take(start, bestRule, false));
  const weighed = sharingACap(candidates, context.known);
  if (weighed.length === 0) {
    for (const rule of candidates) if (rule.stacking === 'stack') apply(start, rule, take(start, rule, true));
    return start.applied;
  }
  const stackRules = candidates.filter((rule) => rule.stacking === 'stack');

  // A capped category's early rule can use up the cap that a later one of its rules would
  // have taken after other stacked percentages, on less of the base: the guest would pay
  // more for the rule added. So the rules sharing a cap are tried in and out, and the
  // line gets the combination that takes the most off (the fullest one on a tie).
  let chosen: Stacked | null = null;
  for (let leftOut = 0; leftOut < 1 << weighed.length; leftOut++) {
    const stacked = stackOn(
      start,
      stackRules.filter((rule) => {
        const k = weighed.indexOf(rule);
        return k < 0 || (leftOut & (1 << k)) === 0;
      }),
    );
    if (!chosen || stacked.left < chosen.left) chosen = stacked;
  }
  return chosen!.applied;
}

/** The stack rules of each category with a cap that has more than one of them on the line. */
function sharingACap(candidates: Rule[], known: Map<string, Category>): Rule[] {
  // Most lines have no capped category: nothing is allocated for them.
  let byCategory: Map<string, Rule[]> | null = null;
  for (const rule of candidates) {
    if (rule.stacking !== 'stack') continue;
    const capBp = known.get(rule.categoryCode)?.lineDiscountCapBp;
    if (capBp === null || capBp === undefined) continue;
    byCategory ??= new Map();
    byCategory.set(rule.categoryCode, [...(byCategory.get(rule.categoryCode) ?? []), rule]);
  }
  return byCategory ? [...byCategory.values()].filter((rules) => rules.length > 1).flat().slice(0, MAX_WEIGHED_RULES) : [];
}

/** A rule's discount on a line before bounds; `base` is the part of the line it works on. */
function rawDiscount(rule: Rule, line: TabLine, base: number, context: StackContext): number {
  const effect = rule.effect;
  switch (effect.kind) {
    case 'percent_off':
      return basisPoints(base, effect.percentBp);
    case 'amount_off':
      return effect.per === 'tab' ? context.tabShare(rule) : effect.amount;
    case 'free_units':
    case 'buy_x_get_y':
      return context.tabShare(rule);
    case 'fixed_price':
      return Math.max(0, context.payable - mulDivHalfUp(effect.unitPrice, milli(line.quantity), 1000));
    default:
      return 0;
  }
}

function accrue(lines: TabLine[], results: LineResult[], holding: Reaching[], accrualBaseOf: (line: TabLine, rule: Rule) => number): Accrual[] {
  const byAccount = new Map<string, { rates: Valued[]; multipliers: Valued[]; counted: Reaching[] }>();
  for (const { rule, reaches } of holding) {
    const effect = rule.effect;
    if (effect.kind !== 'points_rate' && effect.kind !== 'points_multiplier' && effect.kind !== 'points_per_visit' && effect.kind !== 'points_per_unit') continue;
    const group = byAccount.get(effect.accountType) ?? { rates: [], multipliers: [], counted: [] };
    if (effect.kind === 'points_rate') group.rates.push({ rule, reaches, value: effect.rateBp });
    else if (effect.kind === 'points_multiplier') group.multipliers.push({ rule, reaches, value: effect.multiplierBp });
    else group.counted.push({ rule, reaches });
    byAccount.set(effect.accountType, group);
  }
  const accruals: Accrual[] = [];
  for (const accountType of [...byAccount.keys()].sort()) {
    const { rates, multipliers, counted } = byAccount.get(accountType)!;
    let points = 0;
    const used = new Set<Rule>();
    // Points per visit and per unit are added as they are: no rate or multiplier scales them.
    for (const { rule, reaches } of counted) {
      const effect = rule.effect as EffectOf<'points_per_visit' | 'points_per_unit'>;
      let units = 0;
      for (let i = 0; i < lines.length; i++) if (reaches[i]) units += milli(lines[i].quantity);
      if (units === 0) continue;
      points += effect.kind === 'points_per_visit' ? effect.points : Math.floor(units / 1000) * effect.points;
      used.add(rule);
    }
    for (let i = 0; i < lines.length; i++) {
      const rate = combine(rates, i, 0, (a, b) => a + b);
      if (rate.value === 0) continue;
      // Stacked multipliers multiply; capped at each step, so no factor outgrows exact numbers.
      const multiplier = combine(multipliers, i, 10_000, (a, b) => Math.min(mulDivHalfUp(a, b, 10_000), MAX_ACCRUAL_FACTOR));
      const base = Math.max(0, accrualBaseOf(lines[i], rate.rules[0]) - results[i].discountTotal);
      points += mulDivHalfUp(base, Math.min(rate.value * multiplier.value, MAX_ACCRUAL_FACTOR), 100_000_000);
      for (const rule of rate.rules) used.add(rule);
      for (const rule of multiplier.rules) used.add(rule);
    }
    accruals.push({
      accountType,
      points,
      rules: [...used].sort(byPriority).map((rule) => ({ ruleId: rule.id, ruleVersion: rule.version, categoryCode: rule.categoryCode })),
    });
  }
  return accruals;
}

/** A points rule reaching some lines, with its rate or multiplier. */
interface Valued extends Reaching {
  value: number;
}

/** On line `i`: the exclusive value alone; else the best `best` value joined with every `stack` value. */
function combine(rules: Valued[], i: number, neutral: number, join: (a: number, b: number) => number): { value: number; rules: Rule[] } {
  let exclusive: Valued | null = null;
  let best: Valued | null = null;
  for (const valued of rules) {
    if (!valued.reaches[i]) continue;
    if (valued.rule.stacking === 'exclusive') {
      if (!exclusive || valued.value > exclusive.value) exclusive = valued;
    } else if (valued.rule.stacking === 'best') {
      if (!best || valued.value > best.value) best = valued;
    }
  }
  if (exclusive) return { value: exclusive.value, rules: [exclusive.rule] };
  const chosen: Rule[] = [];
  let value = neutral;
  if (best) {
    chosen.push(best.rule);
    value = join(value, best.value);
  }
  for (const valued of rules) {
    if (!valued.reaches[i] || valued.rule.stacking !== 'stack') continue;
    chosen.push(valued.rule);
    value = join(value, valued.value);
  }
  return { value, rules: chosen };
}

function checkLimits(holding: Reaching[], lines: LineResult[], tabTotal: number, settings: EvaluationSettings): LimitResult[] {
  const strictest = new Map<string, LimitResult>();
  for (const { rule, reaches } of holding) {
    if (!LIMITS.has(rule.effect.kind)) continue;
    if (rule.effect.kind === 'bonus_payment_cap') {
      // Only a tab has something to pay; one whose lines are all out of scope can pay nothing with bonus.
      if (lines.length === 0) continue;
    } else if (lines.length > 0 && !reaches.some(Boolean)) {
      // A limit of a category on some lines only counts when such a line is on the tab;
      // an empty tab (the card at identification) is checked against every limit.
      continue;
    }
    const result = limitOf(rule, reaches, lines, tabTotal, settings);
    const key = `${result.kind}|${result.subject ?? ''}`;
    const known = strictest.get(key);
    if (!known || result.left < known.left) strictest.set(key, result);
  }
  return [...strictest.values()].sort((a, b) => (a.kind + (a.subject ?? '') < b.kind + (b.subject ?? '') ? -1 : 1));
}

function limitOf(rule: Rule, reaches: boolean[], lines: LineResult[], tabTotal: number, settings: EvaluationSettings): LimitResult {
  const common = { categoryCode: rule.categoryCode, ruleId: rule.id };
  const effect = rule.effect;
  switch (effect.kind) {
    case 'tab_limit':
      return { kind: effect.kind, subject: null, limit: effect.amount, used: tabTotal, left: effect.amount - tabTotal, broken: tabTotal > effect.amount, ...common };
    case 'daily_operations_limit': {
      const used = effect.operation === 'identifications' ? settings.usage.identifications : settings.usage.closedTabs;
      // Identifying the guest has happened already; closing this tab is still to come.
      const broken = effect.operation === 'identifications' ? used > effect.count : used + 1 > effect.count;
      return { kind: effect.kind, subject: effect.operation, limit: effect.count, used, left: effect.count - used, broken, ...common };
    }
    case 'daily_bonus_spend_limit': {
      const used = settings.usage.bonusSpent[effect.accountType] ?? 0;
      const now = settings.bonusPayments[effect.accountType] ?? 0;
      return { kind: effect.kind, subject: effect.accountType, limit: effect.amount, used, left: effect.amount - used, broken: used + now > effect.amount, ...common };
    }
    case 'bonus_payment_cap': {
      let payable = 0;
      lines.forEach((line, i) => (payable += reaches[i] ? line.amountAfter : 0));
      const limit = basisPoints(payable, effect.maxShareBp);
      const used = settings.bonusPayments[effect.accountType] ?? 0;
      return { kind: effect.kind, subject: effect.accountType, limit, used, left: limit - used, broken: used > limit, ...common };
    }
    default:
      throw new Error(`not a limit: ${effect.kind}`);
  }
}
