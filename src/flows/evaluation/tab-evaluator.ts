import { Inject, Injectable } from '@nestjs/common';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { HoldsService } from '../../modules/accounts/holds.service.js';
import { PromotionCategoriesService } from '../../modules/promotion-categories/promotion-categories.service.js';
import { SettingsService } from '../../modules/settings/settings.service.js';
import { DailyUsage } from '../../modules/usage/daily-usage.service.js';
import { GuestBehindTab } from './guest-behind-tab.js';
import { CustomerTierView } from '../../modules/tiers/customer-tier-view.js';
import { evaluate, type RuleBook } from '../../modules/sales-rules/engine/evaluate.js';
import { RuleBooks, type PricedBook } from '../../modules/sales-rules/rule-books.service.js';
import { RuleBudgets, type BudgetLeft, type LimitedRule, type LimitSubjects } from '../../modules/sales-rules/rule-budgets.service.js';
import { accrualOnMoneyPaid } from '../../modules/sales-rules/engine/amounts.js';
import type { Accrual, Category, Evaluation, LimitResult, NotApplied, Rule, Scope, Tab, TabLine } from '../../modules/sales-rules/engine/types.js';
import { whyNotMessage } from '../../modules/sales-rules/why-not-words.js';
import type { CodeOnTab } from '../../modules/promo-codes/promo-codes.service.js';
import type { Language } from '../../common/languages.js';
import { onTab } from '../../contract/tab-parts.js';

/** Rules and categories an evaluation gets beyond the tenant's book (rewards taken on the tab, codes). */
export interface EvaluationExtras {
  categories: Category[];
  rules: Rule[];
  tabCategories: string[];
  /** The codes that apply, with the category each brings: limits per code count them. */
  codes?: { code: string; categoryCode: string }[];
}

/** The extras with the categories of the tab's codes that apply. */
export function withCodes(extras: EvaluationExtras, codes: CodeOnTab[]): EvaluationExtras {
  const applying = codes.flatMap((code) => (code.status === 'applies' ? [{ code: code.code, categoryCode: code.categoryCode }] : []));
  return applying.length === 0 ? extras : { ...extras, tabCategories: [...extras.tabCategories, ...applying.map((code) => code.categoryCode)], codes: applying };
}

/** How a tab is priced: with why-not, with a rule book of the caller's (a dry run's), at a location, and for a close, which locks the limits it counts on. */
export interface PricingOptions {
  explain?: boolean;
  /** The guest's personal and tier category codes, when the caller has them already (a guest's card keeps them). */
  codes?: GuestCodes;
  book?: PricedBook;
  locationId?: string | null;
  lockLimits?: boolean;
  /** The guest's tier as the caller read it with the guest in this transaction: not read again. */
  tierId?: string | null;
}

/** The category codes a guest brings to any tab: their own, and their tier's. */
export interface GuestCodes {
  personal: string[];
  tier: string[];
}

export function guestCodes(personal: string[], tier: string[]): GuestCodes {
  return { personal, tier: [...new Set(tier)].sort() };
}

export interface TabEvaluationResult {
  /** The customer whose categories and limits counted, if one was recognised. */
  customerId: string | null;
  evaluation: Evaluation;
}

/** The payment methods that name a hold of the plugin's: a bonus account's, or a gift card's. */
export const HOLD_PAYMENTS: ReadonlySet<string> = new Set(['bonus', 'gift_card']);

const DAILY_LIMITS: Rule['effect']['kind'][] = ['daily_operations_limit', 'daily_bonus_spend_limit'];

/** What a rule's units are of, as a waiter names them: a bundle's are its parts' ("burgers, sides, soft"), any other rule's its scope's. */
function unitsAsked(rule: Rule): Scope {
  if (rule.effect.kind !== 'bundle_price') return rule.scope;
  const parts = rule.effect.components.map((component) => component.scope);
  return { productGroupIds: parts.flatMap((part) => part.productGroupIds ?? []), productIds: parts.flatMap((part) => part.productIds ?? []), tags: parts.flatMap((part) => part.tags ?? []) };
}

/** What each rule took off the tab, all its lines together. */
function discountByRule(evaluation: Evaluation): Map<string, number> {
  const given = new Map<string, number>();
  for (const line of evaluation.lines) for (const discount of line.discounts) given.set(discount.ruleId, (given.get(discount.ruleId) ?? 0) + discount.amount);
  return given;
}

/** The tag a host puts on an item that sells a gift card (CONTRACT.md, gift cards). */
export const GIFT_CARD_SALE_TAG = 'gift_card';

/** The evaluation with lines the rules were kept off, each at what it costs. */
function withLinesAsTheyCost(evaluation: Evaluation, lines: TabLine[]): Evaluation {
  if (lines.length === 0) return evaluation;
  const added = lines.map((line) => ({ lineId: line.id, amount: line.amount, discountBase: 0, discounts: [], discountTotal: 0, amountAfter: line.amount }));
  const cost = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    ...evaluation,
    lines: [...evaluation.lines, ...added].sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0)),
    totals: { ...evaluation.totals, before: evaluation.totals.before + cost, after: evaluation.totals.after + cost },
  };
}

/** The engine's tab from the host's snapshot: every item, with its order's categories and its own. */
export function engineTab(snapshot: TabSnapshotDto): Tab {
  return {
    currency: snapshot.currency,
    pricesIncludeTax: snapshot.pricesIncludeTax,
    serviceCharge: snapshot.serviceCharge ?? 0,
    guestCount: snapshot.guestCount ?? null,
    lines: snapshot.orders.flatMap((order) => {
      const orderedAt = order.orderedAt === undefined ? undefined : new Date(order.orderedAt);
      return order.items.map((item) => ({
        id: item.id,
        productId: item.productId,
        productGroupIds: item.productGroupIds ?? [],
        tags: item.tags ?? [],
        name: item.name,
        quantity: item.quantity,
        amount: item.amount,
        taxAmount: item.taxAmount,
        categories: [...(order.categories ?? []), ...(item.categories ?? [])],
        orderedAt,
      }));
    }),
  };
}

/**
 * Gathers what an evaluation needs — the tenant's rule book, the categories from the tab
 * and from the customer, the customer's usage today, the tenant's bases — and runs the
 * pure engine. It writes nothing.
 */
@Injectable()
export class TabEvaluator {
  constructor(
    private readonly ruleBooks: RuleBooks,
    private readonly categories: PromotionCategoriesService,
    private readonly settings: SettingsService,
    private readonly usage: DailyUsage,
    private readonly holds: HoldsService,
    private readonly accounts: AccountsService,
    private readonly tierView: CustomerTierView,
    private readonly guests: GuestBehindTab,
    private readonly budgets: RuleBudgets,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async evaluate(tenantId: string, snapshot: TabSnapshotDto, at: Date, extras?: EvaluationExtras): Promise<TabEvaluationResult> {
    return this.evaluateFor(tenantId, (await this.guests.of(tenantId, snapshot))?.id ?? null, snapshot, at, extras);
  }

  /**
   * The same, for a customer already worked out by the caller; `explain` also says why the
   * tab's rules that gave nothing did not apply, and `book` prices with another rule book
   * than the tenant's (one with its switched-off rules, for a dry run).
   */
  async evaluateFor(tenantId: string, customerId: string | null, snapshot: TabSnapshotDto, at: Date, extras?: EvaluationExtras, options: PricingOptions = {}): Promise<TabEvaluationResult> {
    return this.runOn(tenantId, customerId, snapshot, at, extras, () => this.bonusPaymentsOf(tenantId, snapshot), options);
  }

  /** The evaluation's rules that did not apply, each with why in the waiter's language. */
  async whyNot(tenantId: string, evaluation: Evaluation, language: Language): Promise<(NotApplied & { message: string })[]> {
    if (evaluation.notApplied.length === 0) return [];
    const scopes = new Map((await this.ruleBooks.forTenant(tenantId)).rules.map((rule) => [rule.id, unitsAsked(rule)]));
    return evaluation.notApplied.map((item) => ({ ...item, message: whyNotMessage(item, language, evaluation.currency, scopes.get(item.ruleId) ?? {}) }));
  }

  /**
   * The strictest cap of the sales rules on what an account type may pay of the tab, with
   * `payments` (per account type) as what the tab pays with bonus; null when no cap applies.
   */
  async bonusPaymentCap(
    tenantId: string,
    customerId: string | null,
    snapshot: TabSnapshotDto,
    at: Date,
    extras: EvaluationExtras,
    accountType: string,
    payments: Record<string, number>,
  ): Promise<LimitResult | null> {
    const { evaluation } = await this.runOn(tenantId, customerId, snapshot, at, extras, async () => payments);
    return evaluation.limits.find((limit) => limit.kind === 'bonus_payment_cap' && limit.subject === accountType) ?? null;
  }

  /** Whether any rule of the tenant caps what bonus may pay of a tab. */
  async capsBonusPayments(tenantId: string): Promise<boolean> {
    return (await this.ruleBooks.forTenant(tenantId)).rules.some((rule) => rule.effect.kind === 'bonus_payment_cap');
  }

  /** Whether any rule of the tenant limits how many times a day a guest is identified: only then are identifications counted. */
  async limitsIdentifications(tenantId: string): Promise<boolean> {
    return (await this.ruleBooks.forTenant(tenantId)).rules.some((rule) => rule.effect.kind === 'daily_operations_limit' && rule.effect.operation === 'identifications');
  }

  /** Whether any rule of the tenant limits the bonus a customer spends in a day. */
  async limitsDailyBonus(tenantId: string): Promise<boolean> {
    return (await this.ruleBooks.forTenant(tenantId)).rules.some((rule) => rule.effect.kind === 'daily_bonus_spend_limit');
  }

  /**
   * What a customer brings before anything is ordered: their categories and today's limits,
   * with the tab's own categories when the card is for a tab (an attach), so the card shows
   * the limits a tab of theirs is held to.
   */
  forCustomer(tenantId: string, customerId: string, at: Date, tabCategories: TabSnapshotDto['categories'] = {}, codes?: GuestCodes): Promise<TabEvaluationResult> {
    const empty: Tab = { currency: this.config.defaultCurrency, pricesIncludeTax: true, serviceCharge: 0, guestCount: null, lines: [] };
    return this.run(tenantId, customerId, empty, tabCategories ?? {}, at, undefined, undefined, { codes });
  }

  /** A host's tab with the rewards taken on it. */
  private runOn(
    tenantId: string,
    customerId: string | null,
    snapshot: TabSnapshotDto,
    at: Date,
    extras: EvaluationExtras | undefined,
    bonusPaymentsOf: () => Promise<Record<string, number>>,
    options: PricingOptions = {},
  ): Promise<TabEvaluationResult> {
    const categories = snapshot.categories ?? {};
    const withExtras = extras ? { ...categories, tab: [...(categories.tab ?? []), ...extras.tabCategories] } : categories;
    return this.run(tenantId, customerId, engineTab(snapshot), withExtras, at, extras, bonusPaymentsOf, options);
  }

  private async run(
    tenantId: string,
    customerId: string | null,
    tab: Tab,
    hostCategories: { tab?: string[]; division?: string[]; table?: string[] },
    at: Date,
    extras?: EvaluationExtras,
    bonusPaymentsOf: () => Promise<Record<string, number>> = async () => ({}),
    { explain = false, book: given, locationId = null, lockLimits = false, codes: givenCodes, tierId }: PricingOptions = {},
  ): Promise<TabEvaluationResult> {
    const day = this.usage.dayOf(at);
    const { book, limited } = given ?? (await this.ruleBooks.pricedBook(tenantId));
    // Today's counters and the tab's bonus payments matter only to a daily limit; most tenants have none.
    const limits = new Set([...book.rules, ...(extras?.rules ?? [])].map((rule) => rule.effect.kind));
    const counted = customerId !== null && DAILY_LIMITS.some((kind) => limits.has(kind));
    const [settings, codes, usage, bonusPayments] = await Promise.all([
      this.settings.get(tenantId),
      givenCodes ?? (customerId ? this.codesOf(tenantId, customerId, day, tierId) : { personal: [], tier: [] }),
      counted ? this.usage.today(tenantId, customerId, day) : { identifications: 0, closedTabs: 0, bonusSpent: {} },
      limits.has('daily_bonus_spend_limit') || limits.has('bonus_payment_cap') ? bonusPaymentsOf() : {},
    ]);
    // A gift card sold on the tab is money put by, not a meal: no discount, no points, unless the tenant says otherwise.
    const giftCardSales = settings.giftCardSalesLikeAnyLine ? [] : tab.lines.filter((line) => line.tags.includes(GIFT_CARD_SALE_TAG));
    const priced = giftCardSales.length === 0 ? tab : { ...tab, lines: tab.lines.filter((line) => !giftCardSales.includes(line)) };
    const price = (rules: RuleBook) =>
      evaluate(
        priced,
        { tab: hostCategories.tab ?? [], division: hostCategories.division ?? [], table: hostCategories.table ?? [], ...codes },
        rules,
        at,
        { timeZone: this.config.timeZone, discountBase: settings.discountBase, accrualBase: settings.accrualBase, usage, bonusPayments, explain },
      );
    const full = extras ? { rules: [...book.rules, ...extras.rules], categories: [...book.categories, ...extras.categories] } : book;
    let evaluation = price(full);
    if (limited.length > 0) {
      const subjects = { customerId, locationId, codes: extras?.codes ?? [] };
      evaluation = await this.keptWithinLimits(tenantId, { evaluation, book: full, limited, price }, subjects, at, { lock: lockLimits, explain });
    }
    return { customerId, evaluation: withLinesAsTheyCost(evaluation, giftCardSales) };
  }

  /**
   * The evaluation with the rules' limits kept: a rule whose limit is used up gives nothing
   * (and says so when asked why), and one that would take more than its money budget has
   * left gets what is left where it gives a partial reward (an amount off its lines in
   * scope), nothing otherwise. The tab is priced again without what was taken out, until
   * every limited rule that gives keeps within its limits.
   */
  private async keptWithinLimits(
    tenantId: string,
    first: { evaluation: Evaluation; book: RuleBook; limited: LimitedRule[]; price: (book: RuleBook) => Evaluation },
    subjects: LimitSubjects,
    at: Date,
    options: { lock: boolean; explain: boolean },
  ): Promise<Evaluation> {
    let { evaluation, book } = first;
    const budgets = new Map<string, BudgetLeft>();
    const reached: NotApplied[] = [];
    // Each round takes out or shrinks a rule, and a shrunk rule keeps within its budget: as many rounds as rules at most.
    for (let round = 0; round <= first.limited.length; round++) {
      const given = discountByRule(evaluation);
      const unread = first.limited.filter((rule) => (given.get(rule.ruleId) ?? 0) > 0 && !budgets.has(rule.ruleId));
      if (unread.length > 0) for (const [ruleId, left] of await this.budgets.left(tenantId, unread, subjects, at, options.lock)) budgets.set(ruleId, left);
      let changed = false;
      const rules = book.rules.flatMap((rule): Rule[] => {
        const left = budgets.get(rule.id);
        const amount = given.get(rule.id) ?? 0;
        if (!left || amount === 0 || (!left.reached && (left.discountLeft === null || amount <= left.discountLeft))) return [rule];
        changed = true;
        const { budget } = first.limited.find((limited) => limited.ruleId === rule.id)!;
        if (!left.reached && budget.partialReward) return [{ ...rule, effect: { kind: 'amount_off', amount: left.discountLeft!, per: 'tab', currency: evaluation.currency } }];
        const { per, period, redemptions, discount } = left.reached ?? budget.limits.find((limit) => limit.discount !== undefined)!;
        reached.push({ ruleId: rule.id, ruleVersion: rule.version, categoryCode: rule.categoryCode, ruleName: rule.name, reason: 'limit_reached', per, period, redemptions, discount });
        return [];
      });
      if (!changed) break;
      book = { categories: book.categories, rules };
      evaluation = first.price(book);
    }
    if (!options.explain || reached.length === 0) return evaluation;
    const taken = new Set(reached.map((item) => item.ruleId));
    return { ...evaluation, notApplied: [...evaluation.notApplied.filter((item) => !taken.has(item.ruleId)), ...reached] };
  }

  /** Whether any rule of the tenant has limits: then every close counts, a guest's or not. */
  async limitsRules(tenantId: string): Promise<boolean> {
    return (await this.ruleBooks.pricedBook(tenantId)).limited.length > 0;
  }

  /**
   * Whether a bill priced earlier (the pre-check's) still keeps within the limits of its
   * rules, read under the counters' row locks, which the close holds until it has counted.
   */
  async keepsLimits(tenantId: string, evaluation: Evaluation, subjects: LimitSubjects, at: Date): Promise<boolean> {
    const used = await this.limitedUseOf(tenantId, evaluation);
    if (used.length === 0) return true;
    const left = await this.budgets.left(
      tenantId,
      used.map(({ rule }) => rule),
      subjects,
      at,
      true,
    );
    return used.every(({ rule, discount }) => {
      const budget = left.get(rule.ruleId)!;
      return !budget.reached && (budget.discountLeft === null || discount <= budget.discountLeft);
    });
  }

  /** Counts what a closed tab's limited rules gave it. */
  async recordLimitedUse(tenantId: string, evaluation: Evaluation, subjects: LimitSubjects, at: Date): Promise<void> {
    const used = await this.limitedUseOf(tenantId, evaluation);
    if (used.length > 0) await this.budgets.record(tenantId, used, subjects, at);
  }

  /** The limited rules that gave the tab something, with what each took off. */
  private async limitedUseOf(tenantId: string, evaluation: Evaluation): Promise<{ rule: LimitedRule; discount: number }[]> {
    const { limited } = await this.ruleBooks.pricedBook(tenantId);
    const given = discountByRule(evaluation);
    return limited.flatMap((rule) => ((given.get(rule.ruleId) ?? 0) > 0 ? [{ rule, discount: given.get(rule.ruleId)! }] : []));
  }

  /**
   * What closing the tab would accrue as it stands: the rules' accrual on the part of the bill
   * not paid with bonus money or a gift card (its open holds on the snapshot), as the close counts it.
   */
  async closingAccrual(tenantId: string, snapshot: TabSnapshotDto, evaluation: Evaluation): Promise<Accrual[]> {
    if (!(snapshot.payments ?? []).some((payment) => HOLD_PAYMENTS.has(payment.method)) || evaluation.accrual.length === 0) return evaluation.accrual;
    const [{ accrueOnBonusPayments, accrueOnGiftCardPayments }, held] = await Promise.all([this.settings.get(tenantId), this.openBonusPayments(tenantId, snapshot)]);
    const earnsNothing = held
      .filter(({ money, giftCard }) => money && (giftCard ? !accrueOnGiftCardPayments : !accrueOnBonusPayments))
      .reduce((sum, { amount }) => sum + amount, 0);
    return evaluation.accrual.map((accrual) => ({ ...accrual, points: accrualOnMoneyPaid(accrual.points, evaluation.totals.after, earnsNothing, false) }));
  }

  /** The categories a guest brings on a business day: their own in effect, and their tier's. */
  private async codesOf(tenantId: string, customerId: string, day: string, tierId: string | null | undefined): Promise<GuestCodes> {
    const [personal, tier] = await Promise.all([
      this.categories.personalCodesOf(tenantId, customerId, day),
      tierId === undefined ? this.tierView.categoriesOf(tenantId, customerId) : this.tierView.categoriesOfTier(tenantId, tierId),
    ]);
    return guestCodes(personal, tier);
  }

  /**
   * What the tab pays with bonus, per account type, for the daily bonus spend limit (a
   * captured hold is in today's usage already).
   */
  private async bonusPaymentsOf(tenantId: string, snapshot: TabSnapshotDto): Promise<Record<string, number>> {
    const paid: Record<string, number> = {};
    for (const { code, amount } of await this.openBonusPayments(tenantId, snapshot)) paid[code] = (paid[code] ?? 0) + amount;
    return paid;
  }

  /**
   * The bonus and gift-card payments on the snapshot whose holds are this tab's and still
   * open, with their account type, whether they pay in the tab's money (not points, not a
   * reward) and whether a gift card pays.
   */
  private async openBonusPayments(tenantId: string, snapshot: TabSnapshotDto): Promise<{ code: string; amount: number; money: boolean; giftCard: boolean }[]> {
    const payments: { code: string; amount: number; money: boolean; giftCard: boolean }[] = [];
    for (const payment of snapshot.payments ?? []) {
      if (!HOLD_PAYMENTS.has(payment.method) || !payment.holdId) continue;
      const hold = await this.holds.find(tenantId, payment.holdId);
      // A guest's part of a tab of several pays with the holds taken on the tab.
      if (!hold || !onTab(hold.tabId, snapshot.id) || hold.status !== 'open') continue;
      const type = await this.accounts.typeOfAccount(tenantId, hold.accountId);
      payments.push({ code: type.code, amount: payment.amount, money: type.unit === snapshot.currency && !hold.rewardId, giftCard: type.kind === 'gift_card' });
    }
    return payments;
  }
}
