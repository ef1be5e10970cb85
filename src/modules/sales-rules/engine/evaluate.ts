import { basisPoints, MAX_ACCRUAL_FACTOR, mulDivHalfUp, prorate } from './amounts.js';
import { reasonFor } from './describe.js';
import { localTime, type LocalTime } from './local-time.js';
import { componentFits, indexLines, scopeReach, tabConditionsMiss, timeHolds, timeMiss, type TabFacts } from './matching.js';
import { LIMIT_KINDS } from './types.js';
import type {
  Accrual,
  AppliedDiscount,
  Base,
  BundleComponent,
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

const DISCOUNT_KINDS = new Set<EffectKind>(['percent_off', 'amount_off', 'fixed_price', 'buy_x_get_y', 'bundle_price', 'free_units']);
const LIMITS = new Set<EffectKind>(LIMIT_KINDS);

/** Quantities carry at most 3 fraction digits; in thousandths they are exact integers. */
const milli = (quantity: number): number => Math.round(quantity * 1000);

/** Ids in code-unit order, as every engine orders its ties. */
const compareIds = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byPriority = (a: Rule, b: Rule): number => a.priority - b.priority || compareIds(a, b);

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
  const lines = tab.lines.every((line, i) => i === 0 || compareIds(tab.lines[i - 1], line) < 0) ? tab.lines : [...tab.lines].sort(compareIds);
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
    // A bundle takes part only through the lines one of its components takes in.
    const fits = rule.effect.kind === 'bundle_price' ? componentFits(rule.effect.components, index) : undefined;
    if (fits) for (let i = 0; i < reaches.length; i++) reaches[i] &&= fits[i] !== 0;
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
    const short = tabConditionsMiss(rule.conditions, facts, unitsInScope / 1000) ?? (told ? groupMiss({ rule, reaches, fits }, lines, unitsInScope) : null);
    if (short) {
      if (told) missed.push({ rule, why: short });
      continue;
    }
    holding.push({ rule, reaches, fits });
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

/**
 * A buy X get Y short of one whole group, or a bundle short of one complete set, gives
 * nothing: the units still to order.
 */
function groupMiss({ rule, reaches, fits }: Reaching, lines: TabLine[], unitsInScope: number): WhyNot | null {
  if (rule.effect.kind === 'bundle_price') {
    const units = bundleUnits(rule.effect.components, lines, reaches, fits!);
    const missing = unitsShort(units);
    return missing > 0 ? { reason: 'needs_more_units', minimum: units.ask[units.ask.length - 1], missing } : null;
  }
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
  /** A bundle's: which of its components each line could fill (`componentFits`). */
  fits?: number[];
}

/** Money effects name their currency; they apply only to tabs in it. */
function currencyFits(rule: Rule, currency: string): boolean {
  return !('currency' in rule.effect) || rule.effect.currency === currency;
}

/**
 * What rules that work on the tab as a whole give each line: a tab amount spread over the
 * lines it reaches in proportion to their base; free units given to the first lines
 * (by id) until they run out, each at its line's price per unit; a buy X get Y's units
 * and a bundle's sets, each line its part of them.
 */
function shareTabAmounts(
  rules: Reaching[],
  lines: TabLine[],
  baseOf: (line: TabLine, rule: Rule) => number,
  payableOf: (line: TabLine) => number,
): Map<string, Map<string, number>> {
  const shares = new Map<string, Map<string, number>>();
  for (const { rule, reaches, fits } of rules) {
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
    } else if (effect.kind === 'bundle_price') {
      shares.set(rule.id, bundleOff(bundleUnits(effect.components, lines, reaches, fits!), effect, payableOf));
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
    .sort((a, b) => a.payable / a.units - b.payable / b.units || compareIds(a.line, b.line));
  for (const { line, payable, units: lineUnits } of cheapestFirst) {
    if (given <= 0) break;
    const taken = Math.min(lineUnits, given);
    perLine.set(line.id, basisPoints(mulDivHalfUp(payable, taken, lineUnits), effect.percentBp));
    given -= taken;
  }
  return perLine;
}

/** A line a bundle reaches, with its whole units: half a pizza fills no component. */
interface BundleLine {
  line: TabLine;
  units: number;
  /** The components it could fill, a bit each. */
  fits: number;
}

/**
 * The units a bundle could use on a tab. Components tied by a line that could fill more
 * than one of them (a vegan burger is "a main" and "a vegan dish") form a block; whether
 * sets can be completed is a question for each block alone, so only a block's subsets
 * of components are ever weighed. Subsets are bit sets, indexes of `ask` and `supply`.
 */
interface BundleUnits {
  lines: BundleLine[];
  blocks: { block: number; subsets: number[] }[];
  /** The units one set asks of a subset of the components; the last entry is the whole set's. */
  ask: number[];
  /** The whole units of the lines that could fill some component of a subset (within a block). */
  supply: number[];
}

/** The non-empty subsets of a bit set. */
function subsetsOf(set: number): number[] {
  const subsets: number[] = [];
  for (let subset = set; subset > 0; subset = (subset - 1) & set) subsets.push(subset);
  return subsets;
}

function bundleUnits(components: BundleComponent[], lines: TabLine[], reaches: boolean[], fits: number[]): BundleUnits {
  const found: BundleLine[] = [];
  const supplyByFits = new Map<number, number>();
  let blocks = components.map((_, c) => 1 << c);
  lines.forEach((line, i) => {
    const units = Math.floor(milli(line.quantity) / 1000);
    if (!reaches[i] || units === 0) return;
    found.push({ line, units, fits: fits[i] });
    supplyByFits.set(fits[i], (supplyByFits.get(fits[i]) ?? 0) + units);
    const tied = blocks.filter((block) => block & fits[i]);
    if (tied.length > 1) blocks = [...blocks.filter((block) => !(block & fits[i])), tied.reduce((all, block) => all | block)];
  });
  const ask = new Array<number>(1 << components.length).fill(0);
  for (let subset = 1; subset < ask.length; subset++) ask[subset] = ask[subset & (subset - 1)] + components[31 - Math.clz32(subset & -subset)].units;
  const supply = new Array<number>(ask.length).fill(0);
  const weighed = blocks.map((block) => ({ block, subsets: subsetsOf(block) }));
  for (const { subsets } of weighed) {
    for (const subset of subsets) for (const [fit, units] of supplyByFits) if (fit & subset) supply[subset] += units;
  }
  return { lines: found, blocks: weighed, ask, supply };
}

/**
 * How many complete sets the units make, each unit counting once, for one component: by
 * Hall's theorem, the fewest over every few components of the units that could fill them
 * over the units they ask for a set.
 */
function completeSets({ blocks, ask, supply }: BundleUnits): number {
  let sets = Infinity;
  for (const { subsets } of blocks) for (const subset of subsets) sets = Math.min(sets, Math.floor(supply[subset] / ask[subset]));
  return sets;
}

/**
 * How many more units a first complete set needs: per block, the most that some of its
 * components ask beyond the units that could fill them (Hall's deficiency).
 */
function unitsShort({ blocks, ask, supply }: BundleUnits): number {
  let short = 0;
  for (const { subsets } of blocks) short += Math.max(0, ...subsets.map((subset) => ask[subset] - supply[subset]));
  return short;
}

/**
 * Which units fill `sets` sets, and which component each fills. The dearest lines go first
 * (ties by id), each giving as many units as still leave the sets completable; then the
 * units taken go, the dearest first again, to the components they fit in the bundle's order,
 * each as many as leave the others fillable. Both steps keep Hall's condition on every
 * subset of the line's block, so the sets always come out complete. Per component, the
 * units it got, dearest first.
 */
function fillComponents(components: BundleComponent[], { lines, blocks, ask }: BundleUnits, sets: number, unitPrice: (line: BundleLine) => number): { line: BundleLine; units: number }[][] {
  const blockOf = (line: BundleLine) => blocks.find(({ block }) => block & line.fits)!.subsets;
  const dearestFirst = [...lines].sort((a, b) => unitPrice(b) - unitPrice(a) || compareIds(a.line, b.line));
  // Per subset, how many more units may be taken that fit nothing but its components.
  const room = Float64Array.from(ask, (units) => units * sets);
  const taken: { line: BundleLine; units: number; subsets: number[] }[] = [];
  for (const line of dearestFirst) {
    const subsets = blockOf(line);
    let units = line.units;
    for (const subset of subsets) if ((subset & line.fits) === line.fits) units = Math.min(units, room[subset]);
    if (units === 0) continue;
    for (const subset of subsets) if ((subset & line.fits) === line.fits) room[subset] -= units;
    taken.push({ line, units, subsets });
  }
  // Per subset, how many of the units still to give could fill it beyond what it still needs.
  const spare = Float64Array.from(ask, (units) => -units * sets);
  for (const { line, units, subsets } of taken) for (const subset of subsets) if (subset & line.fits) spare[subset] += units;
  const need = components.map((component) => component.units * sets);
  const filled = components.map((): { line: BundleLine; units: number }[] => []);
  for (const { line, units, subsets } of taken) {
    let left = units;
    for (let c = 0; c < components.length && left > 0; c++) {
      const bit = 1 << c;
      if (!(line.fits & bit)) continue;
      // Giving a unit to this component takes it from every subset without it that it could fill.
      const others = line.fits & ~bit;
      let given = Math.min(left, need[c]);
      if (others) for (const subset of subsets) if (!(subset & bit) && subset & others && spare[subset] < given) given = spare[subset];
      if (given === 0) continue;
      if (others) for (const subset of subsets) if (!(subset & bit) && subset & others) spare[subset] -= given;
      need[c] -= given;
      left -= given;
      filled[c].push({ line, units: given });
    }
  }
  return filled;
}

/**
 * A bundle at a fixed price: the tab makes as many complete sets as its whole units allow,
 * each unit counting once, for one component. The dearest units fill them and each
 * component's go to the sets dearest first, so the first set holds the dearest burger,
 * fries and drink. That is what saves the guest the most: a set saves what its units cost
 * beyond the price, so the dearer the units in sets, and the more the dear ones are
 * together, the more comes off (for components that share no line, no other choice of
 * sets saves more). A set costs what its units cost on their lines (rounded half-up per
 * line); when that is more than the price, the difference comes off, spread over the set's
 * lines in proportion to what its units cost there (the remainder to the largest). The
 * first set costing the price or less gives nothing and ends it: the sets after it are
 * made of units no dearer. So the guest never pays more than without the bundle.
 */
function bundleOff(units: BundleUnits, effect: EffectOf<'bundle_price'>, payableOf: (line: TabLine) => number): Map<string, number> {
  const perLine = new Map<string, number>();
  const sets = completeSets(units);
  if (sets === 0) return perLine;
  const payable = new Map(units.lines.map((line) => [line, payableOf(line.line)]));
  const filled = fillComponents(effect.components, units, sets, (line) => payable.get(line)! / milli(line.line.quantity));
  const next = filled.map(() => ({ at: 0, used: 0 }));
  for (let left = sets; left > 0; ) {
    // Sets in a row take the same units while every component's next ones come from one line.
    let repeat = left;
    effect.components.forEach((component, c) => {
      const rest = filled[c][next[c].at].units - next[c].used;
      repeat = Math.min(repeat, rest >= component.units ? Math.floor(rest / component.units) : 1);
    });
    const set = new Map<BundleLine, number>();
    effect.components.forEach((component, c) => {
      const position = next[c];
      for (let wanted = component.units; wanted > 0; ) {
        const { line, units: lineUnits } = filled[c][position.at];
        const taken = Math.min(wanted, lineUnits - position.used);
        set.set(line, (set.get(line) ?? 0) + taken);
        wanted -= taken;
        // A run of `repeat` sets takes this many units of the line for each of them.
        position.used += taken * repeat;
        if (position.used === lineUnits) [position.at, position.used] = [position.at + 1, 0];
      }
    });
    const parts = [...set].map(([line, taken]) => ({ key: line.line.id, weight: mulDivHalfUp(payable.get(line)!, taken * 1000, milli(line.line.quantity)) }));
    const cost = parts.reduce((sum, part) => sum + part.weight, 0);
    if (cost <= effect.price) break;
    for (const [lineId, off] of prorate(cost - effect.price, parts)) perLine.set(lineId, (perLine.get(lineId) ?? 0) + off * repeat);
    left -= repeat;
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

  /**
   * What the rule takes off now: its raw value on what is left of its base (all of it before
   * anything is taken), bounded by what is left and by its category's cap.
   */
  const take = (stacked: Stacked, rule: Rule): number => {
    const raw = rawDiscount(rule, line, Math.max(0, context.ruleBase(rule) - (lineBase - stacked.left)), context);
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
      const amount = take(stacked, rule);
      if (amount > most) [chosen, most] = [rule, amount];
    }
    return chosen;
  };
  const stackOn = (from: Stacked, rules: Rule[]): Stacked => {
    const stacked = { applied: [...from.applied], left: from.left, byCategory: new Map(from.byCategory) };
    for (const rule of rules) apply(stacked, rule, take(stacked, rule));
    return stacked;
  };

  const start: Stacked = { applied: [], left: lineBase, byCategory: new Map() };
  const exclusive = best(start, 'exclusive');
  if (exclusive) {
    apply(start, exclusive, take(start, exclusive));
    return start.applied;
  }
  const bestRule = best(start, 'best');
  if (bestRule) apply(start, bestRule, take(start, bestRule));
  const weighed = sharingACap(candidates, context.known);
  if (weighed.length === 0) {
    for (const rule of candidates) if (rule.stacking === 'stack') apply(start, rule, take(start, rule));
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
    case 'bundle_price':
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
