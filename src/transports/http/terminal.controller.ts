import { Body, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { reply, setHeader, type AnyResponse } from '../../common/http-reply.js';
import { OfflinePackDto, OfflinePackKeyDto, OfflinePackQueryDto } from '../../flows/till/offline-pack.dto.js';
import { ReplayHarmless } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { IdentifyDto } from '../../modules/identification/dto/identifier.dto.js';
import { EvaluateRequestDto, TabEvaluationDto } from '../../flows/evaluation/evaluation.dto.js';
import { CreateHoldDto, HoldDto } from '../../modules/accounts/dto/hold.dto.js';
import { GiftCardDto, GiftCardHoldDto, RefundGiftCardSaleDto, SellGiftCardDto, TopUpGiftCardDto } from '../../modules/gift-cards/dto/gift-card.dto.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CustomerCardDto } from '../../flows/customer-card/customer-card.dto.js';
import { TerminalService } from '../../flows/till/terminal.service.js';

/** The synchronous calls a till makes (CONTRACT.md section 4); TerminalService validates each body, for both transports. */
@RegularsController('terminal', 'terminal')
export class TerminalController {
  constructor(private readonly terminal: TerminalService) {}

  @Post('identify')
  @HttpCode(200)
  @ActorSigned('terminal.use')
  @ReplayHarmless()
  @ApiOperation({ summary: 'Recognise a guest by identifier (card, key, app, caller ID) or by name, phone, e-mail or room' })
  @ApiBody({ type: IdentifyDto })
  @ApiOkResponse({ type: CustomerCardDto })
  @ApiResponse({ status: 300, description: '`ambiguous`: several guests match; `candidates: [{ id, displayName, kind, room }]` and `more` to choose from.' })
  @ApiResponse({ status: 404, description: '`unknown_identifier` or `no_match`; `identifier_not_bound`: an issued card not given to anyone; `not_found`: no such customerId.' })
  @ApiResponse({ status: 423, description: '`identifier_blocked` / `identifier_lost`, or `customer_terminated`.' })
  @ApiResponse({ status: 429, description: '`too_many_identifications` from this terminal; Retry-After says when to try again.' })
  identify(@CurrentActor() actor: RequestActor, @Body() input: unknown): Promise<CustomerCardDto> {
    return this.terminal.identify(actor, input as IdentifyDto);
  }

  @Get('offline-pack')
  @ActorSigned('terminal.use')
  @ApiOperation({ summary: 'What a till needs to serve regulars offline, a page of guests at a time: rule book, tiers, rewards, hashed identifiers, categories and allowances; signed' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of the page the till holds: 304 when nothing in it changed.' })
  @ApiOkResponse({ type: OfflinePackDto, description: 'Headers: `ETag`, and `X-Regulars-Pack-Signature: ed25519=<base64url>` over the exact body.' })
  @ApiResponse({ status: 304, description: 'The page the till holds is current.' })
  async offlinePack(@CurrentActor() actor: RequestActor, @Query() query: OfflinePackQueryDto, @Headers('if-none-match') held: string | undefined, @Res() response: AnyResponse): Promise<void> {
    const { body, etag, signature } = await this.terminal.offlinePack(actor, query);
    setHeader(response, 'ETag', etag);
    setHeader(response, 'Cache-Control', 'private, no-cache');
    if (held === etag) {
      reply(response, 304);
      return;
    }
    setHeader(response, 'X-Regulars-Pack-Signature', signature);
    reply(response, 200, body, 'application/json; charset=utf-8');
  }

  @Get('offline-pack/key')
  @ActorSigned('terminal.use')
  @ApiOperation({ summary: 'The Ed25519 public key offline packs are signed with, for a till to pin' })
  @ApiOkResponse({ type: OfflinePackKeyDto })
  offlinePackKey(@CurrentActor() actor: RequestActor): Promise<OfflinePackKeyDto> {
    return this.terminal.offlinePackKey(actor);
  }

  @Get('cards/:customerId')
  @ActorSigned('terminal.use')
  @ApiOperation({ summary: 'The card of a guest already on a tab, as it stands now (balances, tier, limits); not an identification, so it counts against no limit' })
  @ApiOkResponse({ type: CustomerCardDto })
  @ApiResponse({ status: 423, description: '`customer_terminated`: the customer’s membership was terminated.' })
  card(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string): Promise<CustomerCardDto> {
    return this.terminal.card(actor, customerId);
  }

  @Post('evaluate')
  @HttpCode(200)
  @ActorSigned('terminal.use')
  @ReplayHarmless()
  @ApiOperation({ summary: 'Price a tab as it stands: discounts with their reasons, totals, points, limits; changes nothing' })
  @ApiBody({ type: EvaluateRequestDto })
  @ApiOkResponse({ type: TabEvaluationDto })
  @ApiResponse({ status: 422, description: '`unknown_benefit`: a reward in `benefits` is not on offer to this guest now.' })
  @ApiResponse({ status: 429, description: '`too_many_identifications`: the tab presents an identifier, and this terminal has tried too many; Retry-After says when to try again.' })
  evaluate(@CurrentActor() actor: RequestActor, @Body() input: unknown): Promise<TabEvaluationDto> {
    return this.terminal.evaluate(actor, input as EvaluateRequestDto);
  }

  @Post('bonus-holds')
  @HttpCode(201)
  @ActorSigned('terminal.use')
  @ReplayHarmless()
  @ApiOperation({ summary: 'Hold bonus balance for a payment on a tab; the same idempotencyKey is the same hold' })
  @ApiBody({ type: CreateHoldDto })
  @ApiResponse({ status: 201, type: HoldDto })
  @ApiResponse({ status: 404, description: '`not_found`: no such accountId.' })
  @ApiResponse({ status: 409, description: '`insufficient_balance`, `daily_limit`, `account_closed` / `account_frozen`, `tab_finished`.' })
  @ApiResponse({
    status: 422,
    description: '`idempotency_key_reused`: the idempotencyKey was used for another hold or by another actor; `not_guest_account`; `unknown_benefit` / `reward_mismatch` for a rewardId.',
  })
  @ApiResponse({ status: 428, description: '`idempotency_key_required`: no idempotencyKey; nothing was held.' })
  holdBonus(@CurrentActor() actor: RequestActor, @Body() input: unknown): Promise<HoldDto> {
    return this.terminal.holdBonus(actor, input as CreateHoldDto);
  }

  @Delete('bonus-holds/:holdId')
  @HttpCode(204)
  @ActorSigned('terminal.use')
  @ApiOperation({ summary: 'Release a hold; releasing twice is not an error' })
  @ApiNoContentResponse()
  @ApiResponse({ status: 409, description: '`hold_captured`: the closed tab took the hold.' })
  releaseBonus(@CurrentActor() actor: RequestActor, @Param('holdId') holdId: string): Promise<void> {
    return this.terminal.releaseBonus(actor, holdId);
  }

  @Post('gift-cards')
  @HttpCode(201)
  @ActorSigned('terminal.use')
  @ReplayHarmless()
  @ApiOperation({ summary: 'Activate a gift card once the guest has paid for it; the same saleId again is the same card' })
  @ApiBody({ type: SellGiftCardDto })
  @ApiResponse({ status: 201, type: GiftCardDto })
  @ApiResponse({ status: 409, description: '`gift_card_exists`: a card with the code was sold already.' })
  @ApiResponse({ status: 422, description: '`gift_card_type_needed`; `idempotency_key_reused`: the saleId paid for another card or amount.' })
  sellGiftCard(@CurrentActor() actor: RequestActor, @Body() input: unknown): Promise<GiftCardDto> {
    return this.terminal.sellGiftCard(actor, input as SellGiftCardDto);
  }

  @Get('gift-cards/:code')
  @ActorSigned('terminal.use')
  @ApiOperation({ summary: 'A presented gift card’s balance, status and next expiry' })
  @ApiOkResponse({ type: GiftCardDto })
  giftCardBalance(@CurrentActor() actor: RequestActor, @Param('code') code: string): Promise<GiftCardDto> {
    return this.terminal.giftCardBalance(actor, code);
  }

  @Post('gift-cards/:code/top-ups')
  @HttpCode(200)
  @ActorSigned('terminal.use')
  @ReplayHarmless()
  @ApiOperation({ summary: 'Money the guest paid onto a gift card; the same saleId again changes nothing' })
  @ApiBody({ type: TopUpGiftCardDto })
  @ApiOkResponse({ type: GiftCardDto })
  @ApiResponse({ status: 409, description: '`gift_card_void`.' })
  @ApiResponse({ status: 422, description: '`idempotency_key_reused`: the saleId paid for another card or amount.' })
  topUpGiftCard(@CurrentActor() actor: RequestActor, @Param('code') code: string, @Body() input: unknown): Promise<GiftCardDto> {
    return this.terminal.topUpGiftCard(actor, code, input as TopUpGiftCardDto);
  }

  @Post('gift-cards/:code/refunds')
  @HttpCode(200)
  @ActorSigned('terminal.use')
  @ReplayHarmless()
  @ApiOperation({ summary: 'A sale of the card was refunded: its money comes off; the card’s own sale voids it. Refused once the card has paid for anything' })
  @ApiBody({ type: RefundGiftCardSaleDto })
  @ApiOkResponse({ type: GiftCardDto })
  @ApiResponse({ status: 409, description: '`gift_card_used`, `gift_card_topped_up`.' })
  refundGiftCardSale(@CurrentActor() actor: RequestActor, @Param('code') code: string, @Body() input: unknown): Promise<GiftCardDto> {
    return this.terminal.refundGiftCardSale(actor, code, input as RefundGiftCardSaleDto);
  }

  @Post('gift-card-holds')
  @HttpCode(201)
  @ActorSigned('terminal.use')
  @ReplayHarmless()
  @ApiOperation({ summary: 'Hold money of a presented gift card for a payment on a tab (a guest is not needed); the close captures it like a bonus hold' })
  @ApiBody({ type: GiftCardHoldDto })
  @ApiResponse({ status: 201, type: HoldDto })
  @ApiResponse({ status: 404, description: '`not_found`: no gift card has the code.' })
  @ApiResponse({ status: 409, description: '`insufficient_balance`, `gift_card_void`, `account_frozen`, `tab_finished`.' })
  @ApiResponse({ status: 422, description: '`idempotency_key_reused`: the key was used for another hold.' })
  holdGiftCard(@CurrentActor() actor: RequestActor, @Body() input: unknown): Promise<HoldDto> {
    return this.terminal.holdGiftCard(actor, input as GiftCardHoldDto);
  }
}
