import { Inject, Injectable } from '@nestjs/common';
import { ReadScope } from '../../common/database/read-scope.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { validateInput, validationFailed } from '../../common/validation/validation.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { IdentifyDto } from '../../modules/identification/dto/identifier.dto.js';
import { IdentifyService } from '../../modules/identification/identify.service.js';
import { EvaluateRequestDto, type TabEvaluationDto } from '../evaluation/evaluation.dto.js';
import { GuestBehindTab } from '../evaluation/guest-behind-tab.js';
import { TabEvaluator, withCodes } from '../evaluation/tab-evaluator.js';
import { PromoCodesService } from '../../modules/promo-codes/promo-codes.service.js';
import { GiftCardsService } from '../../modules/gift-cards/gift-cards.service.js';
import { GiftCardHoldDto, RefundGiftCardSaleDto, SellGiftCardDto, TopUpGiftCardDto, type GiftCardDto } from '../../modules/gift-cards/dto/gift-card.dto.js';
import { codeRefusalMessage } from '../../modules/sales-rules/why-not-words.js';
import { RuleBooks } from '../../modules/sales-rules/rule-books.service.js';
import { DailyUsage } from '../../modules/usage/daily-usage.service.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { CreateHoldDto, type HoldDto } from '../../modules/accounts/dto/hold.dto.js';
import { HoldsService } from '../../modules/accounts/holds.service.js';
import { GuestTabsService } from '../../modules/guest-tabs/guest-tabs.service.js';
import { RewardsService } from '../../modules/rewards/rewards.service.js';
import { tabSnapshotProblems } from '../guest-tab/guest-tab-hooks.js';
import { guestParts, namesGuests } from '../../contract/tab-parts.js';
import type { GuestTab } from '../../modules/guest-tabs/guest-tab.entity.js';
import type { Account } from '../../modules/accounts/entities/account.entity.js';
import type { TabSnapshotDto } from '../../contract/tab-snapshot.dto.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import type { CustomerCardDto } from '../customer-card/customer-card.dto.js';
import { CustomerCards } from '../customer-card/customer-cards.service.js';
import { OfflinePackQueryDto, type OfflinePackKeyDto, type SignedOfflinePack } from './offline-pack.dto.js';
import { OfflinePacks } from './offline-packs.js';
import { tabOfGuests, type GuestEvaluation } from './guests-evaluation.js';

/**
 * The terminal calls for in-process hosts, with the inputs and answers of the HTTP
 * calls (CONTRACT.md section 4): the HTTP controller is a thin shell around this.
 */
@Injectable()
export class TerminalService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly identification: IdentifyService,
    private readonly evaluator: TabEvaluator,
    private readonly guests: GuestBehindTab,
    private readonly usage: DailyUsage,
    private readonly accounts: AccountsService,
    private readonly holds: HoldsService,
    private readonly rewards: RewardsService,
    private readonly guestTabs: GuestTabsService,
    private readonly cards: CustomerCards,
    private readonly codes: PromoCodesService,
    private readonly giftCards: GiftCardsService,
    private readonly ruleBooks: RuleBooks,
    private readonly offlinePacks: OfflinePacks,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * The customer card for an identifier, a search text or a customer the till already
   * knows (a candidate it chose). Refusals are RegularsErrors:
   * 404 unknown, 423 blocked identifier or terminated customer, 300 with candidates for
   * an ambiguous search, 429 past the terminal's rate limit.
   */
  async identify(actor: RequestActor, input: IdentifyDto): Promise<CustomerCardDto> {
    requirePermission(actor, 'terminal.use');
    const request = validateInput(IdentifyDto, input);
    if ([request.identifier, request.query, request.customerId].filter((given) => given !== undefined).length !== 1) {
      throw validationFailed(['identifier: give exactly one of identifier, query or customerId']);
    }
    return ReadScope.run(async () => {
      const identified = await this.identification.identify(actor, request);
      const now = this.config.clock.now();
      const facts = await this.cards.factsOf(actor.tenantId, identified, now);
      // Counted before the card is built, so the limits it shows include this identification;
      // only for a rule that limits them, so that a look-up otherwise writes nothing.
      if (await this.evaluator.limitsIdentifications(actor.tenantId)) await this.usage.add(actor.tenantId, identified.customerId, this.usage.dayOf(now), 'identifications');
      return this.cards.build(actor.tenantId, identified, now, { facts });
    });
  }

  /**
   * The card of a guest the till already has on a tab, as it stands now: balances, tier and
   * limits after whatever happened since they were presented. Not an identification: it
   * counts against no limit (refreshing a screen is not presenting a card). 404 unknown,
   * 423 terminated.
   */
  async card(actor: RequestActor, customerId: string): Promise<CustomerCardDto> {
    requirePermission(actor, 'terminal.use');
    return ReadScope.run(async () => this.cards.build(actor.tenantId, await this.identification.resolve(actor.tenantId, { customerId }), this.config.clock.now()));
  }

  /**
   * What the till would charge and accrue for the tab as it stands: discounts per line
   * with the category and rule version behind each, totals, points, limits. Writes nothing.
   */
  async evaluate(actor: RequestActor, input: EvaluateRequestDto): Promise<TabEvaluationDto> {
    requirePermission(actor, 'terminal.use');
    const request = validateInput(EvaluateRequestDto, input);
    const problems = tabSnapshotProblems(request.tab);
    if (problems.length > 0) throw validationFailed(problems);
    if (request.asOf !== undefined && !actor.permissions.includes('promotions.manage')) {
      throw new RegularsError('forbidden', 'asOf: pricing a tab as if at another moment needs the permission promotions.manage');
    }
    if (request.includeInactive && !actor.permissions.includes('promotions.manage')) {
      throw new RegularsError('forbidden', 'includeInactive: pricing a tab with switched-off rules needs the permission promotions.manage');
    }
    if (namesGuests(request.tab)) return this.evaluateGuests(actor, request);
    await this.identification.countPresented(actor, request.tab);
    const now = request.asOf === undefined ? this.config.clock.now() : new Date(request.asOf);
    const chosen = request.benefits ?? [];
    return ReadScope.run(async () => {
      const customerId = (await this.guests.of(actor.tenantId, request.tab))?.id ?? null;
      const offers = customerId ? await this.rewards.offers(actor.tenantId, customerId, now, chosen, request.tab.id) : [];
      const unknown = chosen.find((id) => !offers.some((offer) => offer.rewardId === id));
      if (unknown) throw new RegularsError('unknown_benefit', `benefits: reward ${unknown} is not on offer to this guest now`);
      const language = request.language ?? 'en';
      const codes = await this.codes.check({ tenantId: actor.tenantId, tabId: request.tab.id, customerId, at: now }, request.tab.codes ?? []);
      const extras = withCodes(this.rewards.extrasFor(await this.rewards.findMany(actor.tenantId, chosen)), codes);
      const dryRun = request.includeInactive ? await this.ruleBooks.withInactive(actor.tenantId) : null;
      const { evaluation } = await this.evaluator.evaluateFor(actor.tenantId, customerId, request.tab, now, extras, { explain: true, book: dryRun ?? undefined, locationId: actor.locationId ?? null });
      const [accrual, notApplied] = await Promise.all([this.evaluator.closingAccrual(actor.tenantId, request.tab, evaluation), this.evaluator.whyNot(actor.tenantId, evaluation, language)]);
      const codeAnswers = codes.map((code) => (code.status === 'refused' ? { ...code, message: codeRefusalMessage(code.reason, language) } : code));
      return { customerId, ...evaluation, accrual, benefits: offers, notApplied, codes: codeAnswers, ...(dryRun ? { inactiveRuleIds: dryRun.inactiveRuleIds } : {}) };
    });
  }

  /**
   * A tab of several guests: each guest's part priced as a tab of theirs, with the bonus
   * payments held from their own accounts, and the whole bill put together from the parts.
   * Rewards are taken per guest, on a tab of one.
   */
  private async evaluateGuests(actor: RequestActor, request: EvaluateRequestDto): Promise<TabEvaluationDto> {
    if (request.benefits?.length) throw validationFailed(['benefits: a tab of several guests takes no rewards in one evaluation; price each guest’s tab of one for theirs']);
    const paid = await Promise.all((request.tab.payments ?? []).map(async (payment) => ({ payment, hold: payment.holdId ? await this.holds.find(actor.tenantId, payment.holdId) : null })));
    const parts: GuestEvaluation[] = [];
    for (const part of guestParts(request.tab)) {
      const customer = await this.guests.of(actor.tenantId, part.tab);
      const payments = paid.flatMap(({ payment, hold }) => (hold && customer && hold.customerId === customer.id ? [payment] : []));
      parts.push({ guestRef: part.guest.ref, evaluation: await this.evaluate(actor, { ...request, tab: { ...part.tab, payments } }) });
    }
    return tabOfGuests(parts, request.tab.currency);
  }

  /**
   * Sets bonus balance aside for a payment on a tab (CONTRACT.md: hold bonus payment).
   * Refused with 409 for a tab already closed or cancelled, an account that may not spend,
   * too little available, or a daily limit reached.
   */
  async holdBonus(actor: RequestActor, input: CreateHoldDto): Promise<HoldDto> {
    requirePermission(actor, 'terminal.use');
    if (input !== null && typeof input === 'object' && (input as { idempotencyKey?: unknown }).idempotencyKey === undefined) {
      throw new RegularsError('idempotency_key_required', 'idempotencyKey: a hold moves money and needs a key, the same on every retry of it; nothing was held');
    }
    const request = validateInput(CreateHoldDto, input);
    const earlier = await this.holds.earlier(actor, request);
    if (earlier) return earlier;
    const account = await this.accounts.require(actor.tenantId, request.accountId);
    if (request.rewardId) await this.requireRewardFor(actor.tenantId, request.rewardId, account.accountTypeId, request.amount);
    // Whose the tab is is read under its lock, so a guest detached meanwhile cannot be paid for.
    return this.uow.transaction(() =>
      this.guestTabs.whileOpen(actor.tenantId, request.tabId, async (tab) => {
        const { customerId, snapshot } = await this.payerAt(actor.tenantId, tab, account);
        await this.accounts.requireSpendableBy(actor.tenantId, customerId, account, 'accountId');
        if (!request.rewardId && snapshot) await this.requireWithinPaymentCap(actor.tenantId, tab!.id, customerId, snapshot, account.accountTypeId, request.amount);
        const limits = { customerId, ruleAllowanceLeft: await this.ruleAllowance(actor.tenantId, customerId, account.accountTypeId) };
        return this.holds.create(actor, request, limits);
      }),
    );
  }

  /**
   * Who pays from the account at the tab, and the bill their payment is capped by: the tab's
   * guest and tab, or on a tab of several guests the guest whose account it is and their part.
   */
  private async payerAt(tenantId: string, tab: GuestTab | null, account: Account): Promise<{ customerId: string | null; snapshot: TabSnapshotDto | null }> {
    if (!namesGuests(tab?.snapshot)) return { customerId: tab?.customerId ?? null, snapshot: tab?.snapshot ?? null };
    for (const part of guestParts(tab!.snapshot!)) {
      const customer = await this.guests.of(tenantId, part.tab);
      if (customer && (await this.accounts.spendableBy(tenantId, customer.id, account))) return { customerId: customer.id, snapshot: part.tab };
    }
    return { customerId: null, snapshot: null };
  }

  /**
   * Sets money of a presented gift card aside for a payment on a tab, as a bonus hold does,
   * for a tab with or without a guest: the card is the proof. 404 unknown card, 409 void
   * card, too little on it or a tab already finished.
   */
  async holdGiftCard(actor: RequestActor, input: GiftCardHoldDto): Promise<HoldDto> {
    requirePermission(actor, 'terminal.use');
    const { code, ...request } = validateInput(GiftCardHoldDto, input);
    const accountId = await this.giftCards.accountToPayFrom(actor.tenantId, code);
    const hold = { ...request, accountId };
    const earlier = await this.holds.earlier(actor, hold);
    if (earlier) return earlier;
    return this.uow.transaction(() =>
      // No guest's daily limits: the card's money is nobody's spending.
      this.guestTabs.whileOpen(actor.tenantId, request.tabId, () => this.holds.create(actor, hold, { customerId: null, ruleAllowanceLeft: null })),
    );
  }

  /** Activates a gift card the host has taken payment for; the same saleId again is the same card. */
  async sellGiftCard(actor: RequestActor, input: SellGiftCardDto): Promise<GiftCardDto> {
    requirePermission(actor, 'terminal.use');
    const request = validateInput(SellGiftCardDto, input);
    return this.uow.transaction(() => this.giftCards.sell(actor, request));
  }

  async topUpGiftCard(actor: RequestActor, code: string, input: TopUpGiftCardDto): Promise<GiftCardDto> {
    requirePermission(actor, 'terminal.use');
    const request = validateInput(TopUpGiftCardDto, input);
    return this.uow.transaction(() => this.giftCards.topUp(actor, code, request));
  }

  /** The host refunded a sale of the card (CONTRACT.md, gift cards). */
  async refundGiftCardSale(actor: RequestActor, code: string, input: RefundGiftCardSaleDto): Promise<GiftCardDto> {
    requirePermission(actor, 'terminal.use');
    const request = validateInput(RefundGiftCardSaleDto, input);
    return this.uow.transaction(() => this.giftCards.refundSale(actor, code, request));
  }

  /** What a presented gift card can pay, for the balance check at the till. */
  async giftCardBalance(actor: RequestActor, code: string): Promise<GiftCardDto> {
    requirePermission(actor, 'terminal.use');
    return ReadScope.run(() => this.giftCards.balance(actor.tenantId, code));
  }

  /** One page of the location's offline pack, signed (CONTRACT.md, offline tills). */
  async offlinePack(actor: RequestActor, query: OfflinePackQueryDto): Promise<SignedOfflinePack> {
    requirePermission(actor, 'terminal.use');
    this.offlinePacks.checked(actor, query);
    const signer = await this.uow.transaction(() => this.offlinePacks.signer(actor.tenantId));
    return ReadScope.run(() => this.offlinePacks.pack(actor, query, signer));
  }

  /** The public key a till verifies offline packs with. */
  async offlinePackKey(actor: RequestActor): Promise<OfflinePackKeyDto> {
    requirePermission(actor, 'terminal.use');
    const { keyId, publicKey } = await this.uow.transaction(() => this.offlinePacks.signer(actor.tenantId));
    return { keyId, algorithm: 'ed25519', publicKey };
  }

  /** Releases a hold; releasing twice is not an error. */
  async releaseBonus(actor: RequestActor, holdId: string): Promise<void> {
    requirePermission(actor, 'terminal.use');
    await this.uow.transaction(() => this.holds.release({ tenantId: actor.tenantId, actorId: actor.id, actorName: actor.name ?? null, reason: 'released at the till' }, holdId));
  }

  /**
   * A payment hold may not take what the tab pays with bonus past a cap of the sales rules
   * (a share of the bill, some products not at all): the tab is priced as it stands, with the
   * rewards held on it, and its open payment holds of the account type count with this one.
   * Under the tab's lock, so two tills holding at once cannot both pass.
   */
  private async requireWithinPaymentCap(tenantId: string, tabId: string, customerId: string | null, snapshot: TabSnapshotDto, accountTypeId: string, amount: number): Promise<void> {
    if (!(await this.evaluator.capsBonusPayments(tenantId))) return;
    const [type, open] = await Promise.all([this.accounts.typeOf(tenantId, accountTypeId), this.holds.openForTab(tenantId, tabId)]);
    let held = 0;
    for (const hold of open) if (!hold.rewardId && (await this.accounts.typeOfAccount(tenantId, hold.accountId)).code === type.code) held += hold.amount;
    const extras = this.rewards.extrasFor(await this.rewards.findMany(tenantId, open.flatMap((hold) => (hold.rewardId ? [hold.rewardId] : []))));
    const cap = await this.evaluator.bonusPaymentCap(tenantId, customerId, snapshot, this.config.clock.now(), extras, type.code, { [type.code]: held + amount });
    if (cap?.broken) {
      throw new RegularsError('bonus_payment_cap', `amount: ${type.code} may pay at most ${cap.limit} of this tab, and ${held} of it is held already`, { left: Math.max(0, cap.limit - held) });
    }
  }

  /** What the sales rules still let the customer spend today from this account type. */
  private async ruleAllowance(tenantId: string, customerId: string | null, accountTypeId: string): Promise<number | null> {
    if (!customerId || !(await this.evaluator.limitsDailyBonus(tenantId))) return null;
    const [{ evaluation }, type] = await Promise.all([
      this.evaluator.forCustomer(tenantId, customerId, this.config.clock.now()),
      this.accounts.typeOf(tenantId, accountTypeId),
    ]);
    const lefts = evaluation.limits.filter((limit) => limit.kind === 'daily_bonus_spend_limit' && limit.subject === type.code).map((limit) => limit.left);
    return lefts.length > 0 ? Math.min(...lefts) : null;
  }

  private async requireRewardFor(tenantId: string, rewardId: string, accountTypeId: string, amount: number): Promise<void> {
    const [reward] = await this.rewards.findMany(tenantId, [rewardId]);
    if (!reward || !this.rewards.availableAt(reward, this.config.clock.now())) {
      throw new RegularsError('unknown_benefit', `rewardId: reward ${rewardId} is not on offer now`);
    }
    if (reward.accountTypeId !== accountTypeId || reward.price !== amount) {
      throw new RegularsError('reward_mismatch', `rewardId: reward ${reward.code} costs ${reward.price} from another account`, {
        price: reward.price,
      });
    }
  }
}

function requirePermission(actor: RequestActor, permission: string): void {
  if (!actor.permissions.includes(permission)) throw new RegularsError('forbidden', `the actor lacks the permission ${permission}`);
}
