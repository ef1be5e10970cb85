import { basisPoints, MAX_ACCRUAL_FACTOR, mulDivHalfUp, prorate, prorateInOrder } from './amounts.js';
import { reasonFor } from './describe.js';
import { localTime, type LocalTime } from './local-time.js';
import { componentFits, indexLines, namedIn, scopeReach, tabConditionsMiss, timeHolds, timeMiss, type Named, type TabFacts } from './matching.js';
import { LIMIT_KINDS } from './types.js';
import type {
  Accrual,
  AppliedDiscount,
  Base,
  BundleComponent,
  CategoriesBySource,
  Category,
  CouponToIssue,
  EffectKind,
  EffectOf,
  Evaluation,
  EvaluationSettings,
  LimitResult,
  LineResult,
  Rule,
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

/** A rule with all that does not depend on the tab worked out. */
interface CompiledRule {
  rule: Rule;
  reason: string;
  discount: boolean;
  limit: boolean;
  /** Its category's cap on what the category's rules take off one line, in basis points; null for none. */
  capBp: number | null;
  /** Its category's place in the book: where a line keeps what the category's rules took off it. */
  category: number;
  /** The currency a money effect is in; null for an effect without money. */
  currency: string | null;
  /** Whether a condition counts the units in the rule's scope. */
  countsUnits: boolean;
  /**
   * The last moment the rule's days, hours and dates were read at, and what it missed of
   * them: the evaluations of one minute share one moment (`localTime`).
   */
  readAt: LocalTime | null;
  late: WhyNot | null;
}

interface CompiledBook {
  /** The rules of the book's categories, in priority order. */
  rules: CompiledRule[];
  known: Map<string, Category>;
  /** The products, groups, tags and categories the rules can read a line by. */
  named: Named;
  /** How many categories the book has, and whether one of them caps its rules on a line. */
  categoryCount: number;
  capped: boolean;
}

/**
 * A rule book is read by many evaluations (a tenant's book is kept per revision), so what
 * depends on it alone is worked out once per book object. Keyed weakly, so a book dropped
 * from use is forgotten.
 */
const compiledBooks = new WeakMap<RuleBook, CompiledBook>();

function compileRuleBook(book: RuleBook): CompiledBook {
  const cached = compiledBooks.get(book);
  if (cached) return cached;
  const known = new Map(book.categories.map((category) => [category.code, category]));
  const places = new Map([...known.keys()].map((code, place) => [code, place]));
  // A rule of a category the book does not have never applies: it is left out here.
  const rules = book.rules
    .filter((rule) => known.has(rule.categoryCode))
    .sort(byPriority)
    .map(
      (rule): CompiledRule => ({
        rule,
        reason: reasonFor(rule),
        discount: DISCOUNT_KINDS.has(rule.effect.kind),
        limit: LIMITS.has(rule.effect.kind),
        capBp: known.get(rule.categoryCode)!.lineDiscountCapBp ?? null,
        category: places.get(rule.categoryCode)!,
        currency: 'currency' in rule.effect ? rule.effect.currency : null,
        countsUnits: rule.conditions.minQuantity !== undefined,
        readAt: null,
        late: null,
      }),
    );
  const scopes = rules.flatMap(({ rule }) => (rule.effect.kind === 'bundle_price' ? [rule.scope, ...rule.effect.components.map((component) => component.scope)] : [rule.scope]));
  const compiled: CompiledBook = { rules, known, named: namedIn(scopes, known.keys()), categoryCount: known.size, capped: rules.some((rule) => rule.capBp !== null) };
  compiledBooks.set(book, compiled);
  return compiled;
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
  const { rules, known, named, categoryCount, capped } = compileRuleBook(book);
  const tabWide = new Set<string>();
  for (const codes of [categoriesBySource.tab, categoriesBySource.division, categoriesBySource.table, categoriesBySource.personal, categoriesBySource.tier]) {
    for (const code of codes) if (known.has(code)) tabWide.add(code);
  }
  const bill = new Bill(tab, lines);
  const facts: TabFacts = { grossTotal: lines.reduce((sum, line) => sum + line.amount, 0), guestCount: tab.guestCount };
  const local = localTime(now, settings.timeZone);
  const orderTimes = ordersLocalTimes(lines, settings.timeZone);

  // Which lines each rule reaches (category on the tab or the line, line in scope) is
  // worked out once per rule; every later step reads it by index.
  const holding: Reaching[] = [];
  const index = indexLines(lines, named);
  // Why the tab's own discount rules gave nothing, when asked and there is a bill to explain.
  const explain = settings.explain === true && lines.length > 0;
  const missed: { rule: Rule; why: WhyNot }[] = [];
  for (const compiled of rules) {
    const { rule, discount } = compiled;
    // A category neither the tab nor the guest holds applies only through the lines that
    // carry it: with none (an empty tab, the card at identification) the rule is not the guest's.
    const carrying = tabWide.has(rule.categoryCode) ? null : index.byCategory.get(rule.categoryCode);
    if (carrying === undefined) continue;
    const told = explain && discount;
    if (compiled.currency !== null && compiled.currency !== tab.currency) {
      if (told) missed.push({ rule, why: { reason: 'other_currency', currency: compiled.currency } });
      continue;
    }
    const reaches = scopeReach(rule.scope, index);
    if (carrying) keepCarrying(reaches, carrying);
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
    if (orderTimes && !compiled.limit) {
      for (let i = 0; i < reaches.length; i++) reaches[i] &&= timeHolds(rule.conditions, orderTimes[i] ?? local);
      if (told && !reaches.includes(true)) {
        missed.push({ rule, why: timeMiss(rule.conditions, orderTimes[firstReached] ?? local)! });
        continue;
      }
    } else {
      if (compiled.readAt !== local) {
        compiled.late = timeMiss(rule.conditions, local);
        compiled.readAt = local;
      }
      const late = compiled.late;
      if (late) {
        if (told) missed.push({ rule, why: late });
        continue;
      }
    }
    let unitsInScope = 0;
    if (compiled.countsUnits || told) for (let i = 0; i < lines.length; i++) if (reaches[i]) unitsInScope += bill.units[i];
    const short = tabConditionsMiss(rule.conditions, facts, unitsInScope / 1000) ?? (told ? groupMiss(rule, reaches, fits, bill, unitsInScope) : null);
    if (short) {
      if (told) missed.push({ rule, why: short });
      continue;
    }
    holding.push({ compiled, rule, reaches, fits, shares: null });
  }

  const discountRules = holding.filter(({ compiled }) => compiled.discount);
  shareTabAmounts(discountRules, bill, settings.discountBase);
  const stacker = new LineStacker(bill, discountRules, capped ? new Float64Array(categoryCount) : null);
  const lineResults: LineResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const payable = bill.payable[i];
    const defaultBase = bill.baseOf(i, settings.discountBase);
    const lineBase = Math.min(defaultBase, payable);
    const discounts = stacker.discounts(i, lineBase, defaultBase);
    let discountTotal = 0;
    for (const applied of discounts) discountTotal += applied.amount;
    lineResults.push({ lineId: lines[i].id, amount: payable, discountBase: lineBase, discounts, discountTotal, amountAfter: payable - discountTotal });
  }

  let before = 0;
  let discount = 0;
  for (const line of lineResults) {
    before += line.amount;
    discount += line.discountTotal;
  }
  const after = before - discount;
  const accrual = accrue(bill, lineResults, holding, settings.accrualBase);
  const limits = checkLimits(holding, lineResults, after, settings);
  const coupons: CouponToIssue[] = [];
  for (const { rule, reaches } of holding) {
    if (rule.effect.kind === 'issue_coupon' && reaches.includes(true)) coupons.push({ ruleId: rule.id, ruleVersion: rule.version, categoryCode: rule.effect.categoryCode, validDays: rule.effect.validDays });
  }

  if (explain) missed.push(...beaten(holding, lineResults));
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
 * Narrows a rule's reach to the lines that carry its category (`carrying`: their indexes,
 * ascending, as the lines' index lists them).
 */
function keepCarrying(reaches: boolean[], carrying: number[]): void {
  let next = 0;
  for (let i = 0; i < reaches.length; i++) {
    while (next < carrying.length && carrying[next] < i) next++;
    reaches[i] &&= next < carrying.length && carrying[next] === i;
  }
}

/**
 * A tab's lines in the figures every step reads, worked out once per evaluation, by the
 * lines' index.
 */
class Bill {
  /** What each line costs the guest before discounts: with its tax. */
  readonly payable: number[] = [];
  /** Each line's quantity in thousandths. */
  readonly units: number[] = [];
  private readonly withoutTax: number[] = [];
  /** The service charge spread over the lines, only once some base includes it. */
  private serviceShares: number[] | null = null;

  constructor(
    private readonly tab: Tab,
    readonly lines: TabLine[],
  ) {
    for (const line of lines) {
      this.payable.push(tab.pricesIncludeTax ? line.amount : line.amount + line.taxAmount);
      this.withoutTax.push(tab.pricesIncludeTax ? line.amount - line.taxAmount : line.amount);
      this.units.push(milli(line.quantity));
    }
  }

  baseOf(i: number, base: Base): number {
    return Math.max(0, (base.includeTax ? this.payable[i] : this.withoutTax[i]) + (base.includeServiceCharge ? this.serviceShareOf(i) : 0));
  }

  private serviceShareOf(i: number): number {
    this.serviceShares ??= this.byLine(
      prorate(
        this.tab.serviceCharge,
        this.lines.map((line) => ({ key: line.id, weight: line.amount })),
      ),
    );
    return this.serviceShares[i];
  }

  /** Amounts by line id, by the lines' index. */
  byLine(amounts: Map<string, number>): number[] {
    return this.lines.map((line) => amounts.get(line.id) ?? 0);
  }
}

/**
 * A buy X get Y short of one whole group, or a bundle short of one complete set, gives
 * nothing: the units still to order.
 */
function groupMiss(rule: Rule, reaches: boolean[], fits: number[] | undefined, bill: Bill, unitsInScope: number): WhyNot | null {
  if (rule.effect.kind === 'bundle_price') {
    const units = bundleUnits(rule.effect.components, bill, reaches, fits!);
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
function beaten(holding: Reaching[], results: LineResult[]): { rule: Rule; why: WhyNot }[] {
  const gave = new Set<string>();
  for (const line of results) for (const discount of line.discounts) gave.add(discount.ruleId);
  const missed: { rule: Rule; why: WhyNot }[] = [];
  for (const { compiled, rule, reaches } of holding) {
    if (!compiled.discount || gave.has(rule.id)) continue;
    const line = results[reaches.indexOf(true)];
    const winner = line.discounts.find((d) => d.stacking === 'exclusive') ?? (rule.stacking === 'best' ? line.discounts.find((d) => d.stacking === 'best') : undefined);
    const ofCategory = line.discounts.reduce((sum, d) => sum + (d.categoryCode === rule.categoryCode ? d.amount : 0), 0);
    if (winner) missed.push({ rule, why: { reason: 'beaten', byRuleId: winner.ruleId, byCategoryCode: winner.categoryCode, byStacking: winner.stacking } });
    else if (compiled.capBp !== null && ofCategory >= basisPoints(line.discountBase, compiled.capBp)) missed.push({ rule, why: { reason: 'category_cap_reached', categoryCode: rule.categoryCode } });
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
  compiled: CompiledRule;
  rule: Rule;
  reaches: boolean[];
  /** A bundle's: which of its components each line could fill (`componentFits`). */
  fits?: number[];
  /** A rule working on the tab as a whole: what it gives each line (`shareTabAmounts`). */
  shares: number[] | null;
}

/**
 * What rules that work on the tab as a whole give each line: a tab amount spread over the
 * lines it reaches in proportion to their base; free units given to the first lines
 * (by id) until they run out, each at its line's price per unit; a buy X get Y's units
 * and a bundle's sets, each line its part of them.
 */
function shareTabAmounts(rules: Reaching[], bill: Bill, discountBase: Base): void {
  const lines = bill.lines;
  for (const reaching of rules) {
    const { rule, reaches, fits } = reaching;
    const effect = rule.effect;
    if (effect.kind === 'amount_off' && effect.per === 'tab') {
      const reached: number[] = [];
      const weights: number[] = [];
      for (let i = 0; i < lines.length; i++) {
        if (!reaches[i]) continue;
        reached.push(i);
        weights.push(bill.baseOf(i, rule.discountBase ?? discountBase));
      }
      if (reached.length === 0) continue;
      const parts = prorateInOrder(effect.amount, weights);
      reaching.shares = new Array<number>(lines.length).fill(0);
      for (let k = 0; k < reached.length; k++) reaching.shares[reached[k]] = parts[k];
    } else if (effect.kind === 'free_units') {
      const perLine = new Map<string, number>();
      let unitsLeft = effect.units * 1000;
      for (let i = 0; i < lines.length; i++) {
        const units = bill.units[i];
        if (!reaches[i] || unitsLeft <= 0 || units === 0) continue;
        const free = Math.min(units, unitsLeft);
        perLine.set(lines[i].id, mulDivHalfUp(bill.payable[i], free, units));
        unitsLeft -= free;
      }
      reaching.shares = bill.byLine(perLine);
    } else if (effect.kind === 'buy_x_get_y') {
      reaching.shares = bill.byLine(cheapestUnitsOff(reaches, effect, bill));
    } else if (effect.kind === 'bundle_price') {
      reaching.shares = bill.byLine(bundleOff(bundleUnits(effect.components, bill, reaches, fits!), effect, bill));
    }
  }
}

/**
 * Buy X get Y: the units in scope make whole groups of X + Y; as many units as the groups
 * give, the cheapest per unit first (ties by line id), are taken the percentage off.
 */
function cheapestUnitsOff(reaches: boolean[], effect: EffectOf<'buy_x_get_y'>, bill: Bill): Map<string, number> {
  const perLine = new Map<string, number>();
  let units = 0;
  for (let i = 0; i < reaches.length; i++) if (reaches[i]) units += bill.units[i];
  let given = Math.floor(units / ((effect.buyUnits + effect.getUnits) * 1000)) * effect.getUnits * 1000;
  if (given === 0) return perLine;
  const cheapestFirst: { line: TabLine; payable: number; units: number }[] = [];
  for (let i = 0; i < reaches.length; i++) if (reaches[i] && bill.units[i] > 0) cheapestFirst.push({ line: bill.lines[i], payable: bill.payable[i], units: bill.units[i] });
  cheapestFirst.sort((a, b) => a.payable / a.units - b.payable / b.units || compareIds(a.line, b.line));
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
  /** Its place among the tab's lines. */
  index: number;
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

function bundleUnits(components: BundleComponent[], bill: Bill, reaches: boolean[], fits: number[]): BundleUnits {
  const found: BundleLine[] = [];
  const supplyByFits = new Map<number, number>();
  let blocks = components.map((_, c) => 1 << c);
  bill.lines.forEach((line, i) => {
    const units = Math.floor(bill.units[i] / 1000);
    if (!reaches[i] || units === 0) return;
    found.push({ line, index: i, units, fits: fits[i] });
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
function bundleOff(units: BundleUnits, effect: EffectOf<'bundle_price'>, bill: Bill): Map<string, number> {
  const perLine = new Map<string, number>();
  const sets = completeSets(units);
  if (sets === 0) return perLine;
  const filled = fillComponents(effect.components, units, sets, (line) => bill.payable[line.index] / bill.units[line.index]);
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
    const parts = [...set].map(([line, taken]) => ({ key: line.line.id, weight: mulDivHalfUp(bill.payable[line.index], taken * 1000, bill.units[line.index]) }));
    const cost = parts.reduce((sum, part) => sum + part.weight, 0);
    if (cost <= effect.price) break;
    for (const [lineId, off] of prorate(cost - effect.price, parts)) perLine.set(lineId, (perLine.get(lineId) ?? 0) + off * repeat);
    left -= repeat;
  }
  return perLine;
}

/**
 * How many stack rules sharing caps on one line are tried in and out (2^10 trials at most);
 * any beyond, the latest by priority, always apply.
 */
const MAX_WEIGHED_RULES = 10;

/**
 * Stacks the discounts of one line after another. Made once per evaluation: a line's
 * figures are kept in its fields, so the many rules tried on each line allocate nothing
 * but the discounts the line gets.
 */
class LineStacker {
  /** The rules of each stacking, in priority order: each pass on a line reads only its own. */
  private readonly exclusive: Reaching[] = [];
  private readonly best: Reaching[] = [];
  private readonly stack: Reaching[] = [];
  private line = 0;
  private lineBase = 0;
  private defaultBase = 0;
  /** What is left of the line's base so far. */
  private left = 0;

  constructor(
    private readonly bill: Bill,
    /** The discount rules whose conditions hold, in priority order. */
    rules: Reaching[],
    /** What each category's rules took off the line so far; kept only for a book with a capped category. */
    private readonly byCategory: Float64Array | null,
  ) {
    for (const reaching of rules) {
      const stacking = reaching.rule.stacking;
      if (stacking === 'exclusive') this.exclusive.push(reaching);
      else if (stacking === 'best') this.best.push(reaching);
      else if (stacking === 'stack') this.stack.push(reaching);
    }
  }

  discounts(line: number, lineBase: number, defaultBase: number): AppliedDiscount[] {
    this.line = line;
    this.lineBase = lineBase;
    this.defaultBase = defaultBase;
    this.left = lineBase;
    this.byCategory?.fill(0);
    const applied: AppliedDiscount[] = [];
    const exclusive = this.mostOf(this.exclusive);
    if (exclusive) {
      this.apply(applied, exclusive, this.take(exclusive));
      return applied;
    }
    const bestRule = this.mostOf(this.best);
    if (bestRule) this.apply(applied, bestRule, this.take(bestRule));
    const weighed = this.byCategory ? this.sharingACap() : null;
    if (!weighed) {
      for (const reaching of this.stack) if (reaching.reaches[line]) this.apply(applied, reaching, this.take(reaching));
      return applied;
    }

    // A capped category's early rule can use up the cap that a later one of its rules would
    // have taken after other stacked percentages, on less of the base: the guest would pay
    // more for the rule added. So the rules sharing a cap are tried in and out, and the
    // line gets the combination that takes the most off (the fullest one on a tie).
    const stackRules = this.stack.filter((reaching) => reaching.reaches[line]);
    const startLeft = this.left;
    const startByCategory = Float64Array.from(this.byCategory!);
    let chosen: number[] = [];
    let chosenLeft = Infinity;
    for (let leftOut = 0; leftOut < 1 << weighed.length; leftOut++) {
      this.left = startLeft;
      this.byCategory!.set(startByCategory);
      const amounts = stackRules.map((reaching) => {
        const k = weighed.indexOf(reaching);
        if (k >= 0 && (leftOut & (1 << k)) !== 0) return 0;
        const amount = this.take(reaching);
        this.takeOff(reaching, amount);
        return amount;
      });
      if (this.left < chosenLeft) [chosen, chosenLeft] = [amounts, this.left];
    }
    stackRules.forEach((reaching, k) => this.apply(applied, reaching, chosen[k]));
    return applied;
  }

  /** Of these rules, the one reaching the line that takes the most off now (the first on a tie). */
  private mostOf(rules: Reaching[]): Reaching | null {
    let chosen: Reaching | null = null;
    let most = 0;
    for (const reaching of rules) {
      if (!reaching.reaches[this.line]) continue;
      const amount = this.take(reaching);
      if (amount > most) [chosen, most] = [reaching, amount];
    }
    return chosen;
  }

  /**
   * What the rule takes off now: its raw value on what is left of its base (all of it before
   * anything is taken), bounded by what is left and by its category's cap.
   */
  private take(reaching: Reaching): number {
    const { compiled, rule } = reaching;
    const ruleBase = rule.discountBase ? this.bill.baseOf(this.line, rule.discountBase) : this.defaultBase;
    const raw = this.rawDiscount(reaching, Math.max(0, ruleBase - (this.lineBase - this.left)));
    const capLeft = compiled.capBp === null ? Infinity : basisPoints(this.lineBase, compiled.capBp) - this.byCategory![compiled.category];
    return Math.max(0, Math.min(raw, this.left, capLeft));
  }

  private apply(applied: AppliedDiscount[], reaching: Reaching, amount: number): void {
    if (amount <= 0) return;
    const { compiled, rule } = reaching;
    applied.push({ amount, categoryCode: rule.categoryCode, ruleId: rule.id, ruleVersion: rule.version, stacking: rule.stacking, reason: compiled.reason });
    this.takeOff(reaching, amount);
  }

  private takeOff({ compiled }: Reaching, amount: number): void {
    if (amount <= 0) return;
    if (this.byCategory) this.byCategory[compiled.category] += amount;
    this.left -= amount;
  }

  /** The rule's discount on the line before bounds; `base` is the part of the line it works on. */
  private rawDiscount({ rule, shares }: Reaching, base: number): number {
    const effect = rule.effect;
    switch (effect.kind) {
      case 'percent_off':
        return basisPoints(base, effect.percentBp);
      case 'amount_off':
        return effect.per === 'tab' ? (shares ? shares[this.line] : 0) : effect.amount;
      case 'free_units':
      case 'buy_x_get_y':
      case 'bundle_price':
        return shares ? shares[this.line] : 0;
      case 'fixed_price':
        return Math.max(0, this.bill.payable[this.line] - mulDivHalfUp(effect.unitPrice, this.bill.units[this.line], 1000));
      default:
        return 0;
    }
  }

  /** The line's stack rules of each category with a cap that has more than one of them on the line; null when there are none. */
  private sharingACap(): Reaching[] | null {
    // Most lines have no capped category: nothing is allocated for them.
    let byCategory: Map<string, Reaching[]> | null = null;
    for (const reaching of this.stack) {
      const { compiled, rule } = reaching;
      if (!reaching.reaches[this.line] || compiled.capBp === null) continue;
      byCategory ??= new Map();
      const ofCategory = byCategory.get(rule.categoryCode);
      if (ofCategory) ofCategory.push(reaching);
      else byCategory.set(rule.categoryCode, [reaching]);
    }
    if (!byCategory) return null;
    const weighed = [...byCategory.values()]
      .filter((rules) => rules.length > 1)
      .flat()
      .slice(0, MAX_WEIGHED_RULES);
    return weighed.length > 0 ? weighed : null;
  }
}

function accrue(bill: Bill, results: LineResult[], holding: Reaching[], accrualBase: Base): Accrual[] {
  const byAccount = new Map<string, { rates: Choice; multipliers: Choice; counted: Reaching[] }>();
  for (const reaching of holding) {
    const effect = reaching.rule.effect;
    if (effect.kind !== 'points_rate' && effect.kind !== 'points_multiplier' && effect.kind !== 'points_per_visit' && effect.kind !== 'points_per_unit') continue;
    let group = byAccount.get(effect.accountType);
    if (!group) byAccount.set(effect.accountType, (group = { rates: new Choice(0, add), multipliers: new Choice(10_000, multiply), counted: [] }));
    if (effect.kind === 'points_rate') group.rates.offer(reaching, effect.rateBp);
    else if (effect.kind === 'points_multiplier') group.multipliers.offer(reaching, effect.multiplierBp);
    else group.counted.push(reaching);
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
      for (let i = 0; i < reaches.length; i++) if (reaches[i]) units += bill.units[i];
      if (units === 0) continue;
      points += effect.kind === 'points_per_visit' ? effect.points : Math.floor(units / 1000) * effect.points;
      used.add(rule);
    }
    for (let i = 0; i < results.length; i++) {
      const rate = rates.on(i);
      if (rate === 0) continue;
      const multiplier = multipliers.on(i);
      const base = Math.max(0, bill.baseOf(i, rates.chosen[0].rule.accrualBase ?? accrualBase) - results[i].discountTotal);
      points += mulDivHalfUp(base, Math.min(rate * multiplier, MAX_ACCRUAL_FACTOR), 100_000_000);
      rates.keepChosen();
      multipliers.keepChosen();
    }
    for (const valued of [...rates.taken(), ...multipliers.taken()]) used.add(valued.rule);
    accruals.push({
      accountType,
      points,
      rules: [...used].sort(byPriority).map((rule) => ({ ruleId: rule.id, ruleVersion: rule.version, categoryCode: rule.categoryCode })),
    });
  }
  return accruals;
}

/** A points rule reaching some lines, with its rate or multiplier. */
interface Valued {
  rule: Rule;
  reaches: boolean[];
  value: number;
  /** Whether some line took it. */
  taken: boolean;
}

const add = (a: number, b: number): number => a + b;
/** Stacked multipliers multiply; capped at each step, so no factor outgrows exact numbers. */
const multiply = (a: number, b: number): number => Math.min(mulDivHalfUp(a, b, 10_000), MAX_ACCRUAL_FACTOR);

/**
 * The rates, or the multipliers, of an account, each stacking's in priority order, and what
 * one line takes of them: the exclusive value alone; else the best `best` value joined with
 * every `stack` value.
 */
class Choice {
  private readonly exclusive: Valued[] = [];
  private readonly best: Valued[] = [];
  private readonly stack: Valued[] = [];
  /** The rules the last line took, the one setting the base first; only the first `count` are its. */
  readonly chosen: Valued[] = [];
  private count = 0;

  constructor(
    private readonly neutral: number,
    private readonly join: (a: number, b: number) => number,
  ) {}

  offer({ rule, reaches }: Reaching, value: number): void {
    const valued = { rule, reaches, value, taken: false };
    if (rule.stacking === 'exclusive') this.exclusive.push(valued);
    else if (rule.stacking === 'best') this.best.push(valued);
    else if (rule.stacking === 'stack') this.stack.push(valued);
  }

  /** What line `i` takes. */
  on(i: number): number {
    this.count = 0;
    const exclusive = highest(this.exclusive, i);
    if (exclusive) {
      this.choose(exclusive);
      return exclusive.value;
    }
    let value = this.neutral;
    const best = highest(this.best, i);
    if (best) {
      this.choose(best);
      value = this.join(value, best.value);
    }
    for (const valued of this.stack) {
      if (!valued.reaches[i]) continue;
      this.choose(valued);
      value = this.join(value, valued.value);
    }
    return value;
  }

  /** The rules the last line took count as used. */
  keepChosen(): void {
    for (let k = 0; k < this.count; k++) this.chosen[k].taken = true;
  }

  taken(): Valued[] {
    return [...this.exclusive, ...this.best, ...this.stack].filter((valued) => valued.taken);
  }

  private choose(valued: Valued): void {
    this.chosen[this.count++] = valued;
  }
}

/** Of these rules, the one reaching line `i` with the highest value (the first on a tie). */
function highest(rules: Valued[], i: number): Valued | null {
  let chosen: Valued | null = null;
  for (const valued of rules) if (valued.reaches[i] && (!chosen || valued.value > chosen.value)) chosen = valued;
  return chosen;
}

function checkLimits(holding: Reaching[], lines: LineResult[], tabTotal: number, settings: EvaluationSettings): LimitResult[] {
  const strictest = new Map<string, LimitResult>();
  for (const { compiled, rule, reaches } of holding) {
    if (!compiled.limit) continue;
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
