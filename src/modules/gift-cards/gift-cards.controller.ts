import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { GiftCardDto, GiftCardListQueryDto, GiftCardPageDto, RefundGiftCardSaleDto, SellGiftCardDto, TopUpGiftCardDto } from './dto/gift-card.dto.js';
import { GiftCardsService } from './gift-cards.service.js';

/** Gift cards in the back office: the cards sold, a sale taken at the counter, its top-ups and refunds. The till has the same calls under /terminal. */
@RegularsController('gift-cards', 'accounts')
export class GiftCardsController {
  constructor(
    private readonly cards: GiftCardsService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @ActorSigned('accounts.read')
  @ApiOperation({ summary: 'The gift cards sold, newest first, with what is on each' })
  @ApiOkResponse({ type: GiftCardPageDto })
  list(@CurrentActor() actor: RequestActor, @Query() query: GiftCardListQueryDto): Promise<GiftCardPageDto> {
    return this.cards.list(actor.tenantId, query);
  }

  @Get(':code')
  @ActorSigned('accounts.read')
  @ApiOkResponse({ type: GiftCardDto, description: 'The card; its history is its account’s ledger (`/accounts/{account.id}/entries`).' })
  get(@CurrentActor() actor: RequestActor, @Param('code') code: string): Promise<GiftCardDto> {
    return this.cards.balance(actor.tenantId, code);
  }

  @Post()
  @ActorSigned('accounts.adjust')
  @Idempotent()
  @ApiOperation({ summary: 'Activate a gift card the guest has paid for' })
  @ApiCreatedResponse({ type: GiftCardDto })
  @ApiConflictResponse({ description: '`gift_card_exists`: a card with the code was sold already.' })
  @ApiUnprocessableEntityResponse({ description: '`gift_card_type_needed`; `idempotency_key_reused`: the saleId paid for another card or amount.' })
  sell(@CurrentActor() actor: RequestActor, @Body() input: SellGiftCardDto): Promise<GiftCardDto> {
    return this.uow.transaction(() => this.cards.sell(actor, input));
  }

  @Post(':code/top-ups')
  @HttpCode(200)
  @ActorSigned('accounts.adjust')
  @Idempotent()
  @ApiOkResponse({ type: GiftCardDto })
  @ApiConflictResponse({ description: '`gift_card_void`.' })
  topUp(@CurrentActor() actor: RequestActor, @Param('code') code: string, @Body() input: TopUpGiftCardDto): Promise<GiftCardDto> {
    return this.uow.transaction(() => this.cards.topUp(actor, code, input));
  }

  @Post(':code/refunds')
  @HttpCode(200)
  @ActorSigned('accounts.adjust')
  @Idempotent()
  @ApiOperation({ summary: 'A sale of the card was refunded: its money comes off the card; the card’s own sale voids it' })
  @ApiOkResponse({ type: GiftCardDto })
  @ApiConflictResponse({ description: '`gift_card_used`: the card has paid for a tab; `gift_card_topped_up`: refund the top-ups before the card’s sale.' })
  refund(@CurrentActor() actor: RequestActor, @Param('code') code: string, @Body() input: RefundGiftCardSaleDto): Promise<GiftCardDto> {
    return this.uow.transaction(() => this.cards.refundSale(actor, code, input));
  }
}
