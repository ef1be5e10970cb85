import { Body, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { BENEFIT_SUBTYPES, CreateRewardDto, RewardDto, UpdateRewardDto } from './reward.dto.js';
import { RewardsService } from './rewards.service.js';

@RegularsController('rewards', 'accounts')
@ApiExtraModels(...BENEFIT_SUBTYPES.map((subtype) => subtype.value))
export class RewardsController {
  constructor(
    private readonly rewards: RewardsService,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ActorSigned('promotions.manage')
  @Idempotent()
  @ApiCreatedResponse({ type: RewardDto })
  @ApiConflictResponse({ description: '`reward_exists`: a reward with the code exists.' })
  @ApiUnprocessableEntityResponse({ description: '`unknown_account_type`: no account type has the accountTypeCode.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateRewardDto): Promise<RewardDto> {
    return this.uow.transaction(() => this.rewards.create(actor, input));
  }

  @Get()
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: [RewardDto] })
  list(@CurrentActor() actor: RequestActor): Promise<RewardDto[]> {
    return this.rewards.list(actor.tenantId);
  }

  @Patch(':id')
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: RewardDto })
  update(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateRewardDto): Promise<RewardDto> {
    return this.uow.transaction(() => this.rewards.update(actor, id, input));
  }
}
