import { Body, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CreateTierDto, MoveCustomerDto, TierDto, TierMoveDto, TierSettingsDto, UpdateTierDto, UpdateTierSettingsDto } from './dto/tier.dto.js';
import { TierSettingsService } from './tier-settings.service.js';
import { presentTier, TiersService } from './tiers.service.js';

const TIER_EXISTS = '`tier_exists`: the code or the rank is another tier’s.';
const UNKNOWN_CATEGORY = '`unknown_category`: a code in categories names no promotion category.';
const UNKNOWN_TIER = '`unknown_tier`: no tier has the tierCode.';

@RegularsController('', 'tiers')
export class TiersController {
  constructor(
    private readonly tiers: TiersService,
    private readonly settings: TierSettingsService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('tiers')
  @ActorSigned('customers.read')
  @ApiOperation({ summary: 'The tenant’s tiers, lowest rank first' })
  @ApiOkResponse({ type: [TierDto] })
  async list(@CurrentActor() actor: RequestActor): Promise<TierDto[]> {
    return (await this.tiers.list(actor.tenantId)).map(presentTier);
  }

  @Post('tiers')
  @ActorSigned('tiers.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Create a tier: its rank, metric, threshold, window, flags and the categories it brings' })
  @ApiCreatedResponse({ type: TierDto })
  @ApiConflictResponse({ description: TIER_EXISTS })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_CATEGORY })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateTierDto): Promise<TierDto> {
    return this.uow.transaction(() => this.tiers.create(actor, input));
  }

  @Patch('tiers/:id')
  @ActorSigned('tiers.manage')
  @ApiOperation({ summary: 'Change a tier; customers move by the new terms at the next evaluation' })
  @ApiOkResponse({ type: TierDto })
  @ApiConflictResponse({ description: TIER_EXISTS })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_CATEGORY })
  update(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateTierDto): Promise<TierDto> {
    return this.uow.transaction(() => this.tiers.update(actor, id, input));
  }

  @Get('tier-settings')
  @ActorSigned('tiers.manage')
  @ApiOkResponse({ type: TierSettingsDto })
  getSettings(@CurrentActor() actor: RequestActor): Promise<TierSettingsDto> {
    return this.settings.present(actor.tenantId);
  }

  @Put('tier-settings')
  @ActorSigned('tiers.manage')
  @ApiOperation({ summary: 'Whether, how often and to which tier customers move down' })
  @ApiOkResponse({ type: TierSettingsDto })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_TIER })
  putSettings(@CurrentActor() actor: RequestActor, @Body() input: UpdateTierSettingsDto): Promise<TierSettingsDto> {
    return this.uow.transaction(() => this.settings.update(actor, input));
  }

  @Put('customers/:customerId/tier')
  @ActorSigned('tiers.manage')
  @ApiOperation({ summary: 'Put a customer into a tier by hand (or out of every tier); recorded as a manual move' })
  @ApiOkResponse({ type: TierMoveDto })
  @ApiResponse({ status: 423, description: '`customer_terminated`: only an active customer moves between tiers.' })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_TIER })
  move(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Body() input: MoveCustomerDto): Promise<TierMoveDto> {
    return this.uow.transaction(() => this.tiers.moveByHand(actor, customerId, input));
  }

  @Get('customers/:customerId/tier-moves')
  @ActorSigned('customers.read')
  @ApiOperation({ summary: 'The customer’s moves between tiers with their reasons, newest first' })
  @ApiOkResponse({ type: [TierMoveDto] })
  moves(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string): Promise<TierMoveDto[]> {
    return this.tiers.moves(actor.tenantId, customerId);
  }
}
