import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../common/database/database-errors.js';
import { RetryableConflict } from '../../common/database/retryable-conflict.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { newId } from '../../common/ids.js';
import { decodeCursor, pageOf, type Page } from '../../common/pagination.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AccountTypesService } from '../accounts/account-types.service.js';
import type { AccountType } from '../accounts/entities/account-type.entity.js';
import type { LedgerContext } from '../accounts/ledger.service.js';
import { generateCode, normalizeCode } from '../promo-codes/code-text.js';
import type { GiftCardDto, GiftCardListQueryDto, RefundGiftCardSaleDto, SellGiftCardDto, TopUpGiftCardDto } from './dto/gift-card.dto.js';
import type { GiftCard } from './gift-card.entity.js';
import { GiftCardsRepository } from './gift-cards.repository.js';

/** The ledger key of the money a sale paid onto a card, and of that sale's refund: each sale moves money once. */
const saleKey = (saleId: string): string => `gift-card-sale:${saleId}`;
const refundKey = (saleId: string): string => `gift-card-refund:${saleId}`;

/**
 * Gift cards: sold at the till once the host has taken the money, topped up, spent through
 * holds like bonus, refunded while unused. The money on a card is a deposit account held by
 * the card itself, so it needs no guest and expires as its account type says (or never).
 * Every call runs inside the caller's unit of work.
 */
@Injectable()
export class GiftCardsService {
  constructor(
    private readonly repository: GiftCardsRepository,
    private readonly accounts: AccountsService,
    private readonly types: AccountTypesService,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /**
   * Activates a card with the value the guest paid. The same sale sent again answers the same
   * card; another request under a sale already used is refused with 422.
   */
  async sell(actor: RequestActor, input: SellGiftCardDto): Promise<GiftCardDto> {
    const code = input.code === undefined ? generateCode() : normalizeCode(input.code);
    const earlier = await this.repository.bySale(actor.tenantId, input.saleId);
    if (earlier) {
      if (earlier.value !== input.amount || (input.code !== undefined && earlier.code !== code)) throw saleReused(input.saleId);
      return this.present(earlier);
    }
    if (await this.accounts.written(actor.tenantId, saleKey(input.saleId))) throw saleReused(input.saleId);
    const type = await this.giftCardType(actor.tenantId, input.accountType);
    const now = this.config.clock.now();
    const id = newId('g', now);
    const account = (await this.accounts.accountFor(actor.tenantId, { type: 'gift_card', id }, type.code, true))!;
    const card: GiftCard = { tenantId: actor.tenantId, id, code, accountId: account.id, status: 'active', value: input.amount, saleId: input.saleId, createdAt: now, createdBy: actor.id, voidedAt: null };
    try {
      await this.repository.insert(card);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same sale sent twice at once: the retry answers the card the first one made.
      if (await this.repository.bySale(actor.tenantId, input.saleId)) throw new RetryableConflict(`gift card sale ${input.saleId} made concurrently`);
      throw new RegularsError('gift_card_exists', `code: a gift card ${code} was sold already`);
    }
    await this.accounts.deposit({ ...this.context(actor, 'gift card sold'), idempotencyKey: saleKey(input.saleId) }, account.id, input.amount);
    return this.present(card);
  }

  /** Money paid onto an active card; the same sale again changes nothing. */
  async topUp(actor: RequestActor, typedCode: string, input: TopUpGiftCardDto): Promise<GiftCardDto> {
    const card = await this.require(actor.tenantId, typedCode);
    const earlier = await this.accounts.written(actor.tenantId, saleKey(input.saleId));
    if (earlier) {
      if (earlier.accountId !== card.accountId || earlier.amount !== input.amount) throw saleReused(input.saleId);
      return this.present(card);
    }
    if (card.status === 'void') throw voided(card);
    await this.accounts.deposit({ ...this.context(actor, 'gift card topped up'), idempotencyKey: saleKey(input.saleId) }, card.accountId, input.amount);
    return this.present(card);
  }

  /**
   * The host refunded a sale of the card: its money comes off the card. Refused (409) once the
   * card has paid for anything; the card's own sale voids it, and is refused while a top-up
   * is still on it. Refunding the same sale again changes nothing.
   */
  async refundSale(actor: RequestActor, typedCode: string, input: RefundGiftCardSaleDto): Promise<GiftCardDto> {
    const card = await this.require(actor.tenantId, typedCode);
    const sale = await this.accounts.written(actor.tenantId, saleKey(input.saleId));
    if (!sale || sale.accountId !== card.accountId) throw new RegularsError('not_found', `saleId: no sale ${input.saleId} paid onto gift card ${card.code}`, { sale: input.saleId });
    if (await this.accounts.written(actor.tenantId, refundKey(input.saleId))) return this.present(card);
    if (await this.accounts.everSpent(actor.tenantId, card.accountId)) {
      throw new RegularsError('gift_card_used', `saleId: gift card ${card.code} has paid for a tab, so its sale cannot be refunded`);
    }
    const account = await this.accounts.require(actor.tenantId, card.accountId);
    const voids = input.saleId === card.saleId;
    if (voids && account.total > sale.amount) {
      throw new RegularsError('gift_card_topped_up', `saleId: gift card ${card.code} holds ${account.total - sale.amount} of top-ups; refund those first`);
    }
    // What expired of the sale is gone already; the refund takes back what is left of it.
    const left = Math.min(sale.amount, account.total);
    const reason = voids ? 'gift card sale refunded' : 'gift card top-up refunded';
    if (left > 0) await this.accounts.reverse({ ...this.context(actor, reason), idempotencyKey: refundKey(input.saleId) }, sale.id, left);
    if (voids) await this.repository.setStatus(actor.tenantId, card.id, 'void', this.config.clock.now());
    return this.present((await this.repository.byCode(actor.tenantId, card.code))!);
  }

  /** The card's balance and status, as the till checks it. */
  async balance(tenantId: string, typedCode: string): Promise<GiftCardDto> {
    return this.present(await this.require(tenantId, typedCode));
  }

  /** The account a presented card pays from; 404 unknown, 409 void. */
  async accountToPayFrom(tenantId: string, typedCode: string): Promise<string> {
    const card = await this.require(tenantId, typedCode);
    if (card.status === 'void') throw voided(card);
    return card.accountId;
  }

  /** The tenant's cards, newest first; `codeStart` narrows to codes that begin with it. */
  async list(tenantId: string, query: GiftCardListQueryDto): Promise<Page<GiftCardDto>> {
    const limit = query.limit ?? 50;
    const rows = await this.repository.list(tenantId, { codeStart: query.code === undefined ? undefined : normalizeCode(query.code), before: decodeCursor(query.cursor), take: limit + 1 });
    const page = pageOf(rows, limit, (card) => card);
    return { items: await Promise.all(page.items.map((card) => this.present(card))), nextCursor: page.nextCursor };
  }

  private async require(tenantId: string, typedCode: string): Promise<GiftCard> {
    const card = await this.repository.byCode(tenantId, normalizeCode(typedCode));
    if (!card) throw RegularsError.notFound('gift_card', typedCode);
    return card;
  }

  /** The account type a card's money goes on: the one named, or the tenant's only gift card type. */
  private async giftCardType(tenantId: string, code: string | undefined): Promise<AccountType> {
    if (code !== undefined) {
      const type = await this.types.byCode(tenantId, code);
      if (type.kind !== 'gift_card') throw new RegularsError('gift_card_type_needed', `accountType: ${code} is of kind ${type.kind}, not gift_card`);
      return type;
    }
    const types = await this.types.activeOfKind(tenantId, 'gift_card');
    if (types.length !== 1) {
      throw new RegularsError('gift_card_type_needed', types.length === 0 ? 'accountType: create an account type of kind gift_card first' : `accountType: name one of ${types.map((type) => type.code).join(', ')}`);
    }
    return types[0];
  }

  private async present(card: GiftCard): Promise<GiftCardDto> {
    const [account, nextExpiry] = await Promise.all([this.accounts.get(card.tenantId, card.accountId), this.accounts.nextExpiry(card.tenantId, card.accountId)]);
    return {
      code: card.code,
      status: card.status,
      value: card.value,
      saleId: card.saleId,
      soldAt: card.createdAt.toISOString(),
      voidedAt: card.voidedAt?.toISOString() ?? null,
      account,
      nextExpiry: nextExpiry?.toISOString() ?? null,
    };
  }

  private context(actor: RequestActor, reason: string): LedgerContext {
    return { tenantId: actor.tenantId, actorId: actor.id, actorName: actor.name ?? null, reason };
  }
}

const saleReused = (saleId: string) => new RegularsError('idempotency_key_reused', `saleId: sale ${saleId} paid for another card or amount already; nothing was written`);
const voided = (card: GiftCard) => new RegularsError('gift_card_void', `code: gift card ${card.code} was refunded and is void`);
