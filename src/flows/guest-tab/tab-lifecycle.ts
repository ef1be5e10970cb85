import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { accrualOnMoneyPaid, mulDivHalfUp } from '../../modules/sales-rules/engine/amounts.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { EventEffect } from '../../contract/event-effect.js';
import type { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { HoldsService, type LockedHold } from '../../modules/accounts/holds.service.js';
import type { Hold } from '../../modules/accounts/entities/hold.entity.js';
import type { AccountType } from '../../modules/accounts/entities/account-type.entity.js';
import type { LedgerEntry } from '../../modules/accounts/entities/ledger-entry.entity.js';
import type { LedgerContext } from '../../modules/accounts/ledger.service.js';
import type { CustomerCardDto } from '../customer-card/customer-card.dto.js';
import { CustomerCards } from '../customer-card/customer-cards.service.js';
import { GuestTabsService } from '../../modules/guest-tabs/guest-tabs.service.js';
import { displayName } from '../../modules/customers/customer-presenter.js';
import type { Customer } from '../../modules/customers/entities/customer.entity.js';
import { IdentifyService, type Identified } from '../../modules/identification/identify.service.js';
import { Outbox, type FactToRecord } from '../../modules/outbox/outbox.service.js';
import { RewardsService } from '../../modules/rewards/rewards.service.js';
import type { Evaluation } from '../../modules/sales-rules/engine/types.js';
import { HOLD_PAYMENTS, TabEvaluator, withCodes } from '../evaluation/tab-evaluator.js';
import type { LimitSubjects } from '../../modules/sales-rules/rule-budgets.service.js';
import { PromoCodesService, type CodeOnTab } from '../../modules/promo-codes/promo-codes.service.js';
import type { CodeUseStatus } from '../../modules/promo-codes/promo-code.entity.js';
import { ReferralsService } from '../../modules/referrals/referrals.service.js';
import { OfflineSpends } from '../../modules/offline/offline-spends.service.js';
import { RuleBooks } from '../../modules/sales-rules/rule-books.service.js';
import { TiersService } from '../../modules/tiers/tiers.service.js';
import { SettingsService } from '../../modules/settings/settings.service.js';
import { DailyUsage } from '../../modules/usage/daily-usage.service.js';
import type { Visit } from '../../modules/visits/entities/visit.entity.js';
import { VisitsService, type Reversed } from '../../modules/visits/visits.service.js';

/** An accrual of the close, with its account's type. */
interface Accrued {
  entry: LedgerEntry;
  type: AccountType;
}

/** What the close's holds paid: in bonus money and by gift card (both in the tab's currency), and per account type. */
interface Settled {
  bonusPaid: number;
  giftCardPaid: number;
  spent: Record<string, number>;
}

/** What an event did; the card of an attached customer is answered, never stored with the inbox. */
export interface LifecycleOutcome {
  effects: EventEffect[];
  card?: CustomerCardDto;
}

/** Everything that prices a tab, the rewards held on it included; equal hashes price the same whatever the version. */
export function pricingHash(tab: TabSnapshotDto, rewardIds: string[] = [], codes: CodeOnTab[] = []): string {
  const priced: unknown[] = [
    tab.currency,
    tab.pricesIncludeTax,
    tab.serviceCharge ?? 0,
    tab.guestCount ?? null,
    tab.customer ?? null,
    tab.categories ?? {},
    tab.orders.map((order) => {
      const priced = [order.id, order.categories ?? [], order.items.map((i) => [i.id, i.productId, i.productGroupIds, i.tags, i.quantity, i.amount, i.taxAmount, i.categories])];
      // An order without a time hashes as orders did before they had one.
      return order.orderedAt === undefined ? priced : [...priced, order.orderedAt];
    }),
  ];
  // A tab without rewards hashes as bills printed before rewards were part of the hash did.
  if (rewardIds.length > 0) priced.push([...rewardIds].sort());
  const applying = codes.filter((code) => code.status === 'applies').map((code) => code.code);
  if (applying.length > 0) priced.push({ codes: applying.sort() });
  return createHash('sha256').update(JSON.stringify(priced)).digest('hex');
}

/** What a refund reverses in proportion: what the close accrued, and what it took from the guest's accounts. */
const REVERSED_BY_REFUNDS: ReadonlySet<string> = new Set(['accrual', 'capture', 'offline_spend', 'offline_debt']);

const rewardIdsOf = (holds: Hold[]): string[] => holds.flatMap((hold) => (hold.rewardId ? [hold.rewardId] : []));

/** The tab's codes that apply, with the category each brings. */
const codesApplying = (codes: CodeOnTab[]) => codes.flatMap((code) => (code.status === 'applies' ? [{ code: code.code, categoryCode: code.categoryCode }] : []));

/** What became of each code of the tab: set aside, used, or refused with why. */
const codeEffects = (codes: CodeOnTab[], taken: 'reserved' | 'consumed'): EventEffect[] =>
  codes.map((code): EventEffect => (code.status === 'applies' ? { kind: 'code', id: code.code, status: taken } : { kind: 'code', id: code.code, status: 'refused', reason: code.reason }));

/**
 * What each host event means for the guest behind the tab: attaching starts a visit (or
 * is refused), pre-check freezes the bill, closing captures bonus payments, accrues
 * points and records the visit, cancelling and detaching give holds back, refunding
 * reverses in proportion. Everything runs inside the event's transaction.
 */
@Injectable()
export class TabLifecycle {
  constructor(
    private readonly identification: IdentifyService,
    private readonly cards: CustomerCards,
    private readonly evaluator: TabEvaluator,
    private readonly rewards: RewardsService,
    private readonly accounts: AccountsService,
    private readonly holds: HoldsService,
    private readonly visits: VisitsService,
    private readonly usage: DailyUsage,
    private readonly settings: SettingsService,
    private readonly tiers: TiersService,
    private readonly guestTabs: GuestTabsService,
    private readonly outbox: Outbox,
    private readonly codes: PromoCodesService,
    private readonly referrals: ReferralsService,
    private readonly ruleBooks: RuleBooks,
    private readonly offlineSpends: OfflineSpends,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** `billId`: the bill the tab is one of when it was split or merged, whose lines count once. */
  async handle(event: GuestTabEventDto, guest: Customer | null, billId: string | null = null): Promise<LifecycleOutcome> {
    switch (event.type) {
      case 'guest_tab.customer_attached':
        return this.attach(event);
      case 'guest_tab.customer_detached':
        return { effects: [...(await this.releaseHolds(event, 'guest removed from the tab', { giftCards: false })), ...(await this.cancelVisits(event))] };
      case 'guest_tab.cancelled':
        return { effects: [...(await this.releaseHolds(event, 'tab cancelled')), ...(await this.cancelVisits(event)), ...(await this.giveCodesBack(event, ['reserved']))] };
      case 'guest_tab.prechecked':
        return { effects: await this.freeze(event, guest) };
      case 'guest_tab.closed':
        return { effects: await this.close(event, guest, billId) };
      case 'guest_tab.refunded':
        return { effects: await this.refund(event, guest, billId) };
      default:
        return { effects: [] };
    }
  }

  /**
   * Recognises the guest with identify's refusals (404 unknown, 423 blocked card or
   * terminated membership) and refuses a guest past a daily operations limit (409), on the
   * limits a tab of theirs is held to; otherwise the visit starts and the answer carries
   * the customer card.
   */
  async attach(event: GuestTabEventDto): Promise<LifecycleOutcome> {
    const guest = event.tab.customer;
    if (!guest) throw new RegularsError('no_customer', 'tab.customer: a customer_attached event names the customer');
    const identified = await this.identification.resolve(event.tenantId, guest);
    const at = new Date(event.occurredAt);
    const { evaluation } = await this.evaluator.forCustomer(event.tenantId, identified.customer.id, at, event.tab.categories);
    const broken = evaluation.limits.find((limit) => limit.kind === 'daily_operations_limit' && limit.broken);
    if (broken) {
      const { kind, subject, limit, used, left } = broken;
      throw new RegularsError('daily_limit', `${displayName(identified.customer)} has reached today's limit of ${subject}`, {
        customer: identified.customer.id,
        limit: { kind, subject, limit, used, left, broken: true },
      });
    }
    const card = await this.cards.build(event.tenantId, identified, at, { evaluation });
    const visit = await this.visits.start({ ...this.visitPlace(event, identified), at });
    return { effects: [{ kind: 'visit', id: visit.id, status: visit.status, customerId: visit.customerId }], card };
  }

  async cancelVisits(event: GuestTabEventDto): Promise<EventEffect[]> {
    const cancelled = await this.visits.cancelOpen(event.tenantId, event.tab.id);
    return cancelled.map((visit) => ({ kind: 'visit', id: visit.id, status: 'cancelled', customerId: visit.customerId }));
  }

  /**
   * A tab voided or left by its guest pays nothing with bonuses: its holds go back. A gift
   * card pays for the tab whoever sits at it, so the guest leaving keeps its hold.
   */
  async releaseHolds(event: GuestTabEventDto, reason: string, options = { giftCards: true }): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    for (const hold of await this.holds.openForTab(event.tenantId, event.tab.id)) {
      if (!options.giftCards && (await this.accounts.require(event.tenantId, hold.accountId)).holderType === 'gift_card') continue;
      await this.holds.release({ ...this.ledgerContext(event, null), reason }, hold.id);
      effects.push({ kind: 'hold_released', id: hold.id, amount: hold.amount, accountId: hold.accountId });
    }
    return effects;
  }

  /** A tab voided or fully refunded gives its codes back, for another tab to use. */
  async giveCodesBack(event: GuestTabEventDto, from: CodeUseStatus[]): Promise<EventEffect[]> {
    return (await this.codes.giveBack(event.tenantId, event.tab.id, from)).map((code) => ({ kind: 'code', id: code, status: 'released' }));
  }

  /**
   * The bill is printed: the tab's codes that apply are set aside for it, and what it shows
   * is evaluated at the moment the host printed it, with those codes and the rewards whose
   * points are held on the tab, and kept with a hash of what priced it, so a close of the
   * same lines accrues exactly that.
   */
  async freeze(event: GuestTabEventDto, guest: Customer | null): Promise<EventEffect[]> {
    const rewardIds = rewardIdsOf(await this.holds.openForTab(event.tenantId, event.tab.id));
    const customerId = guest?.id ?? null;
    const at = new Date(event.occurredAt);
    const codes = await this.codes.take({ tenantId: event.tenantId, tabId: event.tab.id, customerId, at }, event.tab.codes ?? [], 'reserved');
    const evaluation = await this.evaluate(event, customerId, at, rewardIds, codes, { tierId: guest?.tierId ?? null });
    await this.keepBill(event, customerId, evaluation, { rewardIds, codes });
    return [{ kind: 'evaluation', id: event.tab.id, version: event.tab.version, discount: evaluation.totals.discount, total: evaluation.totals.after }, ...codeEffects(codes, 'reserved')];
  }

  /**
   * The tab's bill as one, for a split to share out: the one printed for these lines if it
   * was, priced now otherwise, with the rewards held on the tab and its codes.
   */
  async billAsOne(event: GuestTabEventDto, customerId: string | null): Promise<Evaluation> {
    const { at, rewardIds, codes } = await this.pricedWith(event, customerId);
    const frozen = await this.guestTabs.frozenBill(event.tenantId, event.tab.id, pricingHash(event.tab, rewardIds, codes));
    return frozen ?? this.evaluate(event, customerId, at, rewardIds, codes);
  }

  /**
   * Keeps a share of a bill (a split's part, a merge's whole) as the bill printed for the
   * tab's version, so that its close of these lines accrues exactly that share.
   */
  async freezeShare(event: GuestTabEventDto, customerId: string | null, share: Evaluation): Promise<void> {
    await this.keepBill(event, customerId, share, await this.pricedWith(event, customerId));
  }

  /** What prices the tab besides its lines, without setting codes aside: the rewards held on it and its codes. */
  private async pricedWith(event: GuestTabEventDto, customerId: string | null): Promise<{ at: Date; rewardIds: string[]; codes: CodeOnTab[] }> {
    const at = new Date(event.occurredAt);
    const rewardIds = rewardIdsOf(await this.holds.openForTab(event.tenantId, event.tab.id));
    const codes = await this.codes.check({ tenantId: event.tenantId, tabId: event.tab.id, customerId, at }, event.tab.codes ?? []);
    return { at, rewardIds, codes };
  }

  /** The bill of the tab's version, kept with a hash of what priced it. */
  private async keepBill(event: GuestTabEventDto, customerId: string | null, evaluation: Evaluation, pricing: { rewardIds: string[]; codes: CodeOnTab[] }): Promise<void> {
    await this.guestTabs.freezeBill({
      tenantId: event.tenantId,
      tabId: event.tab.id,
      tabVersion: event.tab.version,
      evaluation: { ...evaluation, customerId },
      inputHash: pricingHash(event.tab, pricing.rewardIds, pricing.codes),
      evaluatedAt: this.config.clock.now(),
    });
  }

  /**
   * The tab is paid. In this order: the tab's codes that apply are used; the holds are settled (bonus payments and the rewards
   * held on the tab captured, other holds given back); points accrue on the bill the guest
   * was shown — only on what was paid with money unless the tenant says otherwise; the visit
   * is recorded with its lines and the guest's totals, and subscribers are told of it and of
   * the rewards it brought within reach; the coupons its rules give are issued and a
   * referral the visit completes is rewarded; today's closed tabs are counted; and the guest
   * moves up a tier if this visit took them over a threshold. A tab without a
   * guest only settles its holds.
   */
  async close(given: GuestTabEventDto, guest: Customer | null, billId: string | null = null): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    const event = billId ? await this.withoutLinesClosedElsewhere(given, billId) : given;
    const closedAt = new Date(event.tab.closedAt ?? event.occurredAt);
    const codes = await this.codes.take({ tenantId: event.tenantId, tabId: event.tab.id, customerId: guest?.id ?? null, at: closedAt }, event.tab.codes ?? [], 'consumed');
    effects.push(...codeEffects(codes, 'consumed'));
    const open = await this.holds.openForTab(event.tenantId, event.tab.id);
    const rewardHolds = guest ? await this.rewardHoldsOf(event, guest, open) : [];
    // Limits count every tab a rule discounted, a guest's or not.
    const limits = await this.evaluator.limitsRules(event.tenantId);
    const subjects = { customerId: guest?.id ?? null, locationId: event.locationId ?? null, codes: codesApplying(codes) };
    // Priced while the holds are still open, as the till saw the bill: the rewards they pay for apply.
    const bill = guest || limits ? await this.billOf(event, subjects, closedAt, rewardHolds, codes, guest?.tierId ?? null) : null;

    const settled = await this.settleHolds(event, guest?.id ?? null, open, rewardHolds, effects);
    if (bill && limits && (await this.guestTabs.claimLimitCount(event.tenantId, event.tab.id))) await this.evaluator.recordLimitedUse(event.tenantId, bill, subjects, closedAt);
    if (!guest || !bill) return effects;

    const place = { tenantId: event.tenantId, customerId: guest.id, identifierId: null, tab: event.tab, locationId: event.locationId ?? null };
    const visit = await this.visits.start({ ...place, at: closedAt }, { lock: true });
    // A visit begun when the guest was attached has the card they showed; one begun by the close looks it up.
    const identifierId = visit.identifierId ?? (await this.presentedIdentifierId(event));
    const accrued = await this.accrue(event, guest.id, { visit, identifierId }, bill, settled, effects);

    const recorded = await this.visits.recordClose({ ...place, identifierId, visit, at: closedAt, evaluation: bill, bonusPaid: settled.bonusPaid, spent: settled.spent, ...accrued });
    if (!recorded.new) return effects;
    effects.push({ kind: 'visit', id: recorded.visit.id, status: 'closed', customerId: guest.id, net: recorded.visit.net });
    await this.announce(event.tenantId, recorded.visit, accrued.entries);
    effects.push(...(await this.issueCoupons(event, guest.id, bill, closedAt)));
    effects.push(...(await this.referrals.rewardAfterVisit(this.ledgerContext(event, guest.id), recorded.visit)));

    await this.usage.add(event.tenantId, guest.id, this.usage.dayOf(closedAt), 'closed_tabs');
    effects.push(...(await this.tiers.upgradeAfterClose(event.tenantId, guest.id, recorded.visit.id)));
    return effects;
  }

  /** A tab of a split or merged bill counts only the lines no other tab of the bill closed: each line accrues once. */
  private async withoutLinesClosedElsewhere(event: GuestTabEventDto, billId: string): Promise<GuestTabEventDto> {
    const closed = await this.guestTabs.linesClosedElsewhere(event.tenantId, billId, event.tab.id);
    if (closed.size === 0) return event;
    const orders = event.tab.orders.map((order) => ({ ...order, items: order.items.filter((item) => !closed.has(item.id)) }));
    return { ...event, tab: { ...event.tab, orders } };
  }

  /** The next-order coupons the bill's rules give the guest, each told to subscribers with the close. */
  private async issueCoupons(event: GuestTabEventDto, customerId: string, bill: Evaluation, closedAt: Date): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    // A bill frozen before coupons were part of an evaluation has none.
    for (const coupon of bill.coupons ?? []) {
      const code = await this.codes.issueCoupon({ tenantId: event.tenantId, customerId, categoryCode: coupon.categoryCode, at: closedAt, validDays: coupon.validDays, issuedBy: `tab:${event.tab.id}` });
      const validTo = code.validTo!.toISOString();
      this.outbox.record(
        event.tenantId,
        'coupon.issued',
        { customerId, code: code.code, categoryCode: code.categoryCode, validFrom: closedAt.toISOString(), validTo, tabId: event.tab.id, ruleId: coupon.ruleId },
        customerId,
      );
      effects.push({ kind: 'coupon_issued', id: code.code, categoryCode: code.categoryCode, validTo });
    }
    return effects;
  }

  /** The rewards held on the tab that the guest may take: one held from an account not theirs goes back. */
  private async rewardHoldsOf(event: GuestTabEventDto, guest: Customer, open: Hold[]): Promise<Hold[]> {
    const theirs: Hold[] = [];
    for (const hold of open.filter((candidate) => candidate.rewardId)) {
      if (await this.accounts.spendableBy(event.tenantId, guest.id, await this.accounts.require(event.tenantId, hold.accountId))) theirs.push(hold);
    }
    return theirs;
  }

  /**
   * The bill as printed at pre-check for these lines, rewards and codes, or priced now if none
   * was, or if it takes more than its rules' limits have left now (other tabs used them
   * since): the limits' counters stay locked until the close has counted what it gave.
   */
  private async billOf(event: GuestTabEventDto, subjects: LimitSubjects, closedAt: Date, rewardHolds: Hold[], codes: CodeOnTab[], tierId: string | null): Promise<Evaluation> {
    const rewardIds = rewardIdsOf(rewardHolds);
    const frozen = await this.guestTabs.frozenBill(event.tenantId, event.tab.id, pricingHash(event.tab, rewardIds, codes));
    if (frozen && (await this.evaluator.keepsLimits(event.tenantId, frozen, subjects, closedAt))) return frozen;
    return this.evaluate(event, subjects.customerId, closedAt, rewardIds, codes, { closing: true, tierId });
  }

  /**
   * Each account type the bill accrues on gets its points, on the part paid with money: what
   * bonus or a gift card paid earns nothing unless the tenant says so for each.
   */
  private async accrue(
    event: GuestTabEventDto,
    customerId: string,
    { visit, identifierId }: { visit: Visit; identifierId: string | null },
    bill: Evaluation,
    paid: Settled,
    effects: EventEffect[],
  ): Promise<{ earned: Record<string, number>; pointsEarned: number; entries: Accrued[] }> {
    const { accrueOnBonusPayments, accrueOnGiftCardPayments } = await this.settings.get(event.tenantId);
    const earnsNothing = (accrueOnBonusPayments ? 0 : paid.bonusPaid) + (accrueOnGiftCardPayments ? 0 : paid.giftCardPaid);
    const earned: Record<string, number> = {};
    const entries: Accrued[] = [];
    let pointsEarned = 0;
    for (const accrual of bill.accrual) {
      const points = accrualOnMoneyPaid(accrual.points, bill.totals.after, earnsNothing, false);
      const entry = await this.accounts.accrue(
        {
          ...this.ledgerContext(event, customerId),
          customerId,
          identifierId,
          visitId: visit.id,
          reason: 'tab closed',
          idempotencyKey: `accrual:${event.tab.id}:${accrual.accountType}`,
        },
        accrual.accountType,
        points,
        // Accruals are written with the visit's close: while it is open, none has this key.
        { keyUnused: visit.status !== 'closed' },
      );
      if (!entry) continue;
      const type = await this.accounts.typeByCode(event.tenantId, accrual.accountType);
      entries.push({ entry, type });
      earned[accrual.accountType] = entry.amount;
      if (type.kind === 'points') pointsEarned += entry.amount;
      effects.push({ kind: 'ledger_entry', id: entry.id, entryKind: 'accrual', accountId: entry.accountId, amount: entry.amount });
    }
    return { earned, pointsEarned, entries };
  }

  /**
   * Tells subscribers of the visit, and of each reward the visit's accruals brought within
   * the guest's reach (in the outbox, with the close).
   */
  private async announce(tenantId: string, visit: Visit, accruals: Accrued[]): Promise<void> {
    const facts: FactToRecord[] = [
      {
        type: 'visit.recorded',
        customerId: visit.customerId,
        data: {
          visitId: visit.id,
          customerId: visit.customerId,
          tabId: visit.tabId,
          locationId: visit.locationId,
          closedAt: (visit.closedAt ?? visit.startedAt).toISOString(),
          currency: visit.currency,
          gross: visit.gross,
          discount: visit.discount,
          net: visit.net,
          earned: visit.earned,
          spent: visit.spent,
        },
      },
    ];
    for (const { entry, type } of accruals) {
      const credit = { accountId: entry.accountId, accountTypeId: type.id, accountTypeCode: type.code, amount: entry.amount, availableAfter: entry.balanceAfter - entry.heldAfter };
      facts.push(...(await this.rewards.reachedBy(tenantId, visit.customerId, credit)));
    }
    this.outbox.recordAll(tenantId, facts);
  }

  /**
   * Captures the bonus and gift-card payments of the closed tab from their holds, and the
   * rewards' holds in full whether the host lists them as payments or not; other holds go
   * back. A bonus payment from an account that is not the guest's (nor their membership's)
   * refuses the close, as the hold itself would have been refused; a gift card's hold was
   * made by presenting the card, which is all it needs.
   */
  private async settleHolds(event: GuestTabEventDto, customerId: string | null, open: Hold[], rewardHolds: Hold[], effects: EventEffect[]): Promise<Settled> {
    const payments = (event.tab.payments ?? []).filter((payment) => HOLD_PAYMENTS.has(payment.method) && payment.holdId);
    const context = { ...this.ledgerContext(event, customerId), reason: 'tab closed' };
    const settled: Settled = { bonusPaid: 0, giftCardPaid: 0, spent: {} };
    const capture = async (held: LockedHold, amount: number) => {
      const { hold } = held;
      const { captured, type } = await this.holds.captureLocked(context, held, amount);
      settled.spent[type.code] = (settled.spent[type.code] ?? 0) + captured;
      effects.push({ kind: 'hold_captured', id: hold.id, amount: captured, accountId: hold.accountId });
      // A reward's price is not a payment of the bill; bonus money or a gift card in the tab's currency is.
      if (type.unit !== event.tab.currency || hold.rewardId) return;
      if (type.kind === 'gift_card') settled.giftCardPaid += captured;
      else settled.bonusPaid += captured;
    };
    for (const payment of payments) {
      const hold = open.find((candidate) => candidate.id === payment.holdId) ?? (await this.holds.find(event.tenantId, payment.holdId!));
      if (!hold || hold.tabId !== event.tab.id) {
        throw new RegularsError('unknown_hold', `tab.payments: hold ${payment.holdId} does not belong to tab ${event.tab.id}`);
      }
      // Locked first and checked on the locked row: one read of the account, not two.
      const held = await this.holds.lockForCapture(event.tenantId, hold.id, hold.accountId);
      const { account } = held.locked;
      if (account.holderType !== 'gift_card') await this.accounts.requireSpendableBy(event.tenantId, customerId, account, 'tab.payments');
      await capture(held, payment.amount);
    }
    await this.settleOfflinePayments(event, customerId, settled, effects);
    const paidWith = new Set(payments.map((payment) => payment.holdId));
    for (const hold of open.filter((candidate) => !paidWith.has(candidate.id))) {
      if (rewardHolds.includes(hold)) {
        await capture(await this.holds.lockForCapture(event.tenantId, hold.id, hold.accountId), hold.amount);
        continue;
      }
      await this.holds.release(context, hold.id, hold.accountId);
      effects.push({ kind: 'hold_released', id: hold.id, amount: hold.amount, accountId: hold.accountId });
    }
    return settled;
  }

  /**
   * The bonus payments a till took offline, each from the account it names: what the account
   * has is spent, the rest becomes the guest's debt, and the report of offline risk keeps
   * both. Only from an account the guest may spend, as a hold would have been.
   */
  private async settleOfflinePayments(event: GuestTabEventDto, customerId: string | null, settled: Settled, effects: EventEffect[]): Promise<void> {
    const payments = event.tab.payments ?? [];
    // A guest whose card was blocked or membership ended since the till served them still spent it.
    const payer = customerId ?? (payments.some((payment) => payment.accountId) ? await this.offlinePayer(event) : null);
    for (let i = 0; i < payments.length; i++) {
      const { accountId, amount } = payments[i];
      if (!accountId || amount === 0) continue;
      const account = await this.accounts.require(event.tenantId, accountId);
      await this.accounts.requireSpendableBy(event.tenantId, payer, account, `tab.payments[${i}].accountId`);
      const context = { ...this.ledgerContext(event, payer), reason: 'paid offline', idempotencyKey: `offline:${event.tab.id}:${i}` };
      const entries = await this.accounts.spendOffline(context, accountId, amount);
      const type = await this.accounts.typeOfAccount(event.tenantId, accountId);
      settled.spent[type.code] = (settled.spent[type.code] ?? 0) + amount;
      if (type.unit === event.tab.currency) settled.bonusPaid += amount;
      for (const entry of entries) effects.push({ kind: 'ledger_entry', id: entry.id, entryKind: entry.kind, accountId, amount: entry.amount });
      const debt = entries.filter((entry) => entry.kind === 'offline_debt').reduce((sum, entry) => sum - entry.amount, 0);
      await this.offlineSpends.record({
        tenantId: event.tenantId,
        tabId: event.tab.id,
        payment: i,
        accountId,
        customerId: payer,
        locationId: event.locationId ?? null,
        amount,
        debt,
        spentAt: new Date(event.tab.closedAt ?? event.occurredAt),
        replayedAt: this.config.clock.now(),
      });
    }
  }

  /** The guest the offline till's tab named, as it knew them: by id, or by the card or phone presented, whatever its status now. */
  private async offlinePayer(event: GuestTabEventDto): Promise<string | null> {
    const presented = event.tab.customer;
    if (!presented) return null;
    return presented.customerId ?? (await this.identification.holderOfAny(event.tenantId, presented.identifier!));
  }

  /**
   * Refunded lines reverse the tab's accruals and bonus spending in proportion to the
   * amount refunded; the last refund reverses exactly what is left, so a full refund
   * undoes the visit. More than was paid is refused with 422.
   */
  async refund(event: GuestTabEventDto, guest: Customer | null, billId: string | null = null): Promise<EventEffect[]> {
    const effects: EventEffect[] = [];
    let visit = await this.visits.closedVisitOfTab(event.tenantId, event.tab.id);
    if (!visit && guest) {
      // The refund overtook the close: the refund's snapshot is the closed tab, so close it first.
      effects.push(...(await this.close(event, guest, billId)));
      visit = await this.visits.closedVisitOfTab(event.tenantId, event.tab.id);
    }
    if (!visit) return effects;
    const refund = await this.visits.recordRefund(event.tenantId, visit, event.refundedItems!);
    const entries = await this.accounts.entriesOfTab(event.tenantId, event.tab.id);
    const reversed: Reversed = { earned: {}, spent: {}, points: 0 };
    for (const original of entries.filter((entry) => REVERSED_BY_REFUNDS.has(entry.kind))) {
      const reversedBefore = entries.filter((entry) => entry.reversesEntryId === original.id).reduce((sum, entry) => sum + Math.abs(entry.amount), 0);
      const left = Math.abs(original.amount) - reversedBefore;
      const share = refund.full ? left : Math.min(left, mulDivHalfUp(Math.abs(original.amount), refund.amount, visit.net));
      if (share <= 0) continue;
      const reversal = await this.accounts.reverse(
        { ...this.ledgerContext(event, visit.customerId), visitId: visit.id, reason: 'lines refunded', idempotencyKey: `refund:${event.id}:${original.id}` },
        original.id,
        share,
      );
      if (!reversal) continue;
      const { code, kind } = await this.accounts.typeOfAccount(event.tenantId, original.accountId);
      const into = original.kind === 'accrual' ? reversed.earned : reversed.spent;
      into[code] = (into[code] ?? 0) + share;
      if (original.kind === 'accrual' && kind === 'points') reversed.points += share;
      effects.push({ kind: 'ledger_entry', id: reversal.id, entryKind: 'reversal', accountId: reversal.accountId, amount: reversal.amount, reverses: original.id });
    }
    await this.visits.recordReversals(event.tenantId, visit, reversed);
    effects.push({ kind: 'visit_refund', id: visit.id, amount: refund.amount, full: refund.full });
    if (refund.full) effects.push(...(await this.giveCodesBack(event, ['consumed', 'reserved'])));
    return effects;
  }

  /** `tierId`: the guest's tier where the caller read the guest in this transaction. */
  private async evaluate(event: GuestTabEventDto, customerId: string | null, at: Date, rewardIds: string[], codes: CodeOnTab[], { closing = false, tierId }: { closing?: boolean; tierId?: string | null } = {}): Promise<Evaluation> {
    const extras = withCodes(this.rewards.extrasFor(await this.rewards.findMany(event.tenantId, rewardIds)), codes);
    // A till that was offline priced the tab with the rules of then: so is its replay.
    const book = event.offline ? await this.ruleBooks.asOf(event.tenantId, at) : undefined;
    return (await this.evaluator.evaluateFor(event.tenantId, customerId, event.tab, at, extras, { locationId: event.locationId ?? null, lockLimits: closing, book, tierId })).evaluation;
  }

  private visitPlace(event: GuestTabEventDto, identified: Identified) {
    return {
      tenantId: event.tenantId,
      customerId: identified.customer.id,
      identifierId: identified.identifier?.id ?? null,
      tab: event.tab,
      locationId: event.locationId ?? null,
    };
  }

  /** The active identifier the tab names its guest by, if it names one (the close needs no refusals). */
  private async presentedIdentifierId(event: GuestTabEventDto): Promise<string | null> {
    const presented = event.tab.customer?.identifier;
    return presented ? ((await this.identification.activeIdentifier(event.tenantId, presented))?.id ?? null) : null;
  }

  private ledgerContext(event: GuestTabEventDto, customerId: string | null): LedgerContext {
    return { tenantId: event.tenantId, actorId: event.actor.id, actorName: event.actor.name ?? null, customerId, tabId: event.tab.id, eventId: event.id };
  }
}
