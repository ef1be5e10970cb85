import { basisPoints, mulDivHalfUp, prorate } from './amounts.js';
import { reasonFor } from './describe.js';
import { localTime } from './local-time.js';
import { conditionsHold, scopeMatcher, type TabFacts } from './matching.js';
import type {
  Accrual,
  AppliedDiscount,
  Base,
  CategoriesBySource,
  Category,
  Evaluation,
  EvaluationSettings,
  LimitResult,
  LineResult,
  Rule,
  Stacking,
  Tab,
  TabLine,
} from './types.js';

/** The rules of a tenant and the categories they hang on. */
export interface RuleBook {
  rules: Rule[];
  categories: Category[];
}

const DISCOUNT_KINDS = new Set(['percent_off', 'amount_off', 'fixed_price', 'free_units']);
const LIMIT_KINDS = new Set(['tab_limit', 'daily_operations_limit', 'daily_bonus_spend_limit']);

/** Quantities carry at most 3 fraction digits; in thousandths they are exact integers. */
const milli = (quantity: number): number => Math.round(quantity * 1000);

const byPriority = (a: Rule, b: Rule): number => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Evaluates a tab against the sales rules of the categories it brings.
 *
 * Per line, the discount rules that apply (category present on the tab or the line,
 * line in scope, conditions true) are stacked like this:
 * - `exclusive`: if any applies, the one giving the most (ties: priority, then id) is the
 *   only discount on the line;
 * - otherwise the best of the `best` rules (same tie-break) applies first, on the full base;
 * - then every `stack` rule in priority order, each on what is left of the base.
 * A category's `lineDiscountCapBp` bounds what all its rules take off one line, and no
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
  const lines = [...tab.lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const known = new Map(book.categories.map((category) => [category.code, category]));
  const tabWide = new Set(
    [...categoriesBySource.tab, ...categoriesBySource.division, ...categoriesBySource.table, ...categoriesBySource.personal, ...categoriesBySource.tier].filter(
      (code) => known.has(code),
    ),
  );
  const facts: TabFacts = {
    local: localTime(now, settings.timeZone),
    grossTotal: lines.reduce((sum, line) => sum + line.amount, 0),
    guestCount: tab.guestCount,
  };

  // Which lines each rule reaches (category on the tab or the line, line in scope) is
  // worked out once per rule; every later step reads it by index.
  const holding: Reaching[] = [];
  for (const rule of [...book.rules].sort(byPriority)) {
    if (!known.has(rule.categoryCode) || !currencyFits(rule, tab.currency)) continue;
    const everywhere = tabWide.has(rule.categoryCode);
    const inScope = scopeMatcher(rule.scope);
    const reaches = lines.map((line) => (everywhere || line.categories.includes(rule.categoryCode)) && inScope(line));
    const unitsInScope = lines.reduce((sum, line, i) => (reaches[i] ? sum + milli(line.quantity) : sum), 0);
    if (conditionsHold(rule.conditions, facts, unitsInScope / 1000)) holding.push({ rule, reaches });
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
  const reasons = new Map(discountRules.map(({ rule }) => [rule.id, reasonFor(rule)]));
  const tabShares = shareTabAmounts(discountRules, lines, (line, rule) => baseOf(line, rule.discountBase ?? settings.discountBase), payableOf);

  const lineResults: LineResult[] = lines.map((line, i) => {
    const lineBase = Math.min(baseOf(line, settings.discountBase), payableOf(line));
    const candidates = discountRules.filter(({ reaches }) => reaches[i]).map(({ rule }) => rule);
    const discounts = stackDiscounts(line, lineBase, candidates, {
      known,
      reasons,
      payable: payableOf(line),
      ruleBase: (rule) => baseOf(line, rule.discountBase ?? settings.discountBase),
      tabShare: (rule) => tabShares.get(rule.id)?.get(line.id) ?? 0,
    });
    const discountTotal = discounts.reduce((sum, discount) => sum + discount.amount, 0);
    return { lineId: line.id, amount: payableOf(line), discountBase: lineBase, discounts, discountTotal, amountAfter: payableOf(line) - discountTotal };
  });

  const before = lineResults.reduce((sum, line) => sum + line.amount, 0);
  const discount = lineResults.reduce((sum, line) => sum + line.discountTotal, 0);
  const after = before - discount;
  const accrual = accrue(lines, lineResults, holding, (line, rule) => baseOf(line, rule.accrualBase ?? settings.accrualBase));
  const limits = checkLimits(holding, lines.length, after, settings);

  const present = new Set([...tabWide, ...lines.flatMap((line) => line.categories.filter((code) => known.has(code)))]);
  return {
    currency: tab.currency,
    lines: lineResults,
    totals: { before, discount, after, serviceCharge: tab.serviceCharge },
    accrual,
    limits,
    breaksLimit: limits.some((limit) => limit.broken),
    categories: [...present].sort(),
  };
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
    }
  }
  return shares;
}

interface StackContext {
  known: Map<string, Category>;
  reasons: Map<string, string>;
  payable: number;
  ruleBase: (rule: Rule) => number;
  tabShare: (rule: Rule) => number;
}

function stackDiscounts(line: TabLine, lineBase: number, candidates: Rule[], context: StackContext): AppliedDiscount[] {
  const applied: AppliedDiscount[] = [];
  const byCategory = new Map<string, number>();
  let left = lineBase;

  /** What the rule takes off now: its raw value, bounded by what is left and by its category's cap. */
  const take = (rule: Rule, onWhatIsLeft: boolean): number => {
    const raw = rawDiscount(rule, line, onWhatIsLeft ? Math.max(0, context.ruleBase(rule) - (lineBase - left)) : context.ruleBase(rule), context);
    const capBp = context.known.get(rule.categoryCode)?.lineDiscountCapBp;
    const capLeft = capBp === null || capBp === undefined ? Infinity : basisPoints(lineBase, capBp) - (byCategory.get(rule.categoryCode) ?? 0);
    return Math.max(0, Math.min(raw, left, capLeft));
  };
  const apply = (rule: Rule, amount: number) => {
    if (amount <= 0) return;
    applied.push({ amount, categoryCode: rule.categoryCode, ruleId: rule.id, ruleVersion: rule.version, stacking: rule.stacking, reason: context.reasons.get(rule.id)! });
    byCategory.set(rule.categoryCode, (byCategory.get(rule.categoryCode) ?? 0) + amount);
    left -= amount;
  };
  const best = (stacking: Stacking): Rule | null => {
    let chosen: Rule | null = null;
    let most = 0;
    for (const rule of candidates.filter((candidate) => candidate.stacking === stacking)) {
      const amount = take(rule, false);
      if (amount > most) [chosen, most] = [rule, amount];
    }
    return chosen;
  };

  const exclusive = best('exclusive');
  if (exclusive) {
    apply(exclusive, take(exclusive, false));
    return applied;
  }
  const bestRule = best('best');
  if (bestRule) apply(bestRule, take(bestRule, false));
  for (const rule of candidates.filter((candidate) => candidate.stacking === 'stack')) apply(rule, take(rule, true));
  return applied;
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
      return context.tabShare(rule);
    case 'fixed_price':
      return Math.max(0, context.payable - mulDivHalfUp(effect.unitPrice, milli(line.quantity), 1000));
    default:
      return 0;
  }
}

function accrue(lines: TabLine[], results: LineResult[], holding: Reaching[], accrualBaseOf: (line: TabLine, rule: Rule) => number): Accrual[] {
  const byAccount = new Map<string, { rates: Reaching[]; multipliers: Reaching[] }>();
  for (const reaching of holding) {
    const effect = reaching.rule.effect;
    if (effect.kind !== 'points_rate' && effect.kind !== 'points_multiplier') continue;
    const group = byAccount.get(effect.accountType) ?? { rates: [], multipliers: [] };
    (effect.kind === 'points_rate' ? group.rates : group.multipliers).push(reaching);
    byAccount.set(effect.accountType, group);
  }
  const accruals: Accrual[] = [];
  for (const accountType of [...byAccount.keys()].sort()) {
    const { rates, multipliers } = byAccount.get(accountType)!;
    let points = 0;
    const used = new Map<string, Rule>();
    for (let i = 0; i < lines.length; i++) {
      const rate = combine(rates, i, (rule) => (rule.effect as { rateBp: number }).rateBp, 0, (a, b) => a + b);
      if (rate.value === 0) continue;
      const multiplier = combine(multipliers, i, (rule) => (rule.effect as { multiplierBp: number }).multiplierBp, 10_000, (a, b) => mulDivHalfUp(a, b, 10_000));
      const base = Math.max(0, accrualBaseOf(lines[i], rate.rules[0]) - results[i].discountTotal);
      points += mulDivHalfUp(base, rate.value * multiplier.value, 100_000_000);
      for (const rule of rate.rules) used.set(rule.id, rule);
      for (const rule of multiplier.rules) used.set(rule.id, rule);
    }
    accruals.push({
      accountType,
      points,
      rules: [...used.values()].sort(byPriority).map((rule) => ({ ruleId: rule.id, ruleVersion: rule.version, categoryCode: rule.categoryCode })),
    });
  }
  return accruals;
}

/** On line `i`: the exclusive value alone; else the best `best` value joined with every `stack` value. */
function combine(
  rules: Reaching[],
  i: number,
  valueOf: (rule: Rule) => number,
  neutral: number,
  join: (a: number, b: number) => number,
): { value: number; rules: Rule[] } {
  let exclusive: Rule | null = null;
  let best: Rule | null = null;
  const stacked: Rule[] = [];
  for (const { rule, reaches } of rules) {
    if (!reaches[i]) continue;
    if (rule.stacking === 'exclusive') {
      if (!exclusive || valueOf(rule) > valueOf(exclusive)) exclusive = rule;
    } else if (rule.stacking === 'best') {
      if (!best || valueOf(rule) > valueOf(best)) best = rule;
    } else stacked.push(rule);
  }
  if (exclusive) return { value: valueOf(exclusive), rules: [exclusive] };
  const chosen = best ? [best, ...stacked] : stacked;
  return { value: chosen.reduce((value, rule) => join(value, valueOf(rule)), neutral), rules: chosen };
}

function checkLimits(holding: Reaching[], lineCount: number, tabTotal: number, settings: EvaluationSettings): LimitResult[] {
  const strictest = new Map<string, LimitResult>();
  for (const { rule, reaches } of holding) {
    if (!LIMIT_KINDS.has(rule.effect.kind)) continue;
    // A limit of a category on some lines only counts when such a line is on the tab;
    // an empty tab (the card at identification) is checked against every limit.
    if (lineCount > 0 && !reaches.some(Boolean)) continue;
    const result = limitOf(rule, tabTotal, settings);
    const key = `${result.kind}|${result.subject ?? ''}`;
    const known = strictest.get(key);
    if (!known || result.left < known.left) strictest.set(key, result);
  }
  return [...strictest.values()].sort((a, b) => (a.kind + (a.subject ?? '') < b.kind + (b.subject ?? '') ? -1 : 1));
}

function limitOf(rule: Rule, tabTotal: number, settings: EvaluationSettings): LimitResult {
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
    default:
      throw new Error(`not a limit: ${effect.kind}`);
  }
}
