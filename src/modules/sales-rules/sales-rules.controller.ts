import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { EFFECT_SUBTYPES } from './dto/effect.dto.js';
import { CreateSalesRuleDto, ListSalesRulesQueryDto, SalesRuleDto, SalesRuleVersionDto, UpdateSalesRuleDto } from './dto/sales-rule.dto.js';
import { SalesRulesService } from './sales-rules.service.js';

@RegularsController('sales-rules', 'promotions')
@ApiExtraModels(...EFFECT_SUBTYPES.map((subtype) => subtype.value))
export class SalesRulesController {
  constructor(
    private readonly rules: SalesRulesService,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ActorSigned('promotions.manage')
  @Idempotent()
  @ApiCreatedResponse({ type: SalesRuleDto })
  @ApiUnprocessableEntityResponse({ description: '`unknown_category`: no category has the categoryCode.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateSalesRuleDto): Promise<SalesRuleDto> {
    return this.uow.transaction(() => this.rules.create(actor, input));
  }

  @Get()
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: [SalesRuleDto] })
  list(@CurrentActor() actor: RequestActor, @Query() query: ListSalesRulesQueryDto): Promise<SalesRuleDto[]> {
    return this.rules.list(actor.tenantId, query);
  }

  @Get(':id')
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: SalesRuleDto })
  get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<SalesRuleDto> {
    return this.rules.get(actor.tenantId, id);
  }

  @Get(':id/versions')
  @ActorSigned('promotions.manage')
  @ApiOperation({ summary: 'Every version of the rule as it was, oldest first' })
  @ApiOkResponse({ type: [SalesRuleVersionDto] })
  async versions(@CurrentActor() actor: RequestActor, @Param('id') id: string) {
    return (await this.rules.versions(actor.tenantId, id)).map(({ tenantId: _tenant, ...version }) => version);
  }

  @Patch(':id')
  @ActorSigned('promotions.manage')
  @ApiOperation({ summary: 'Change a rule (or deactivate it); a new version is kept' })
  @ApiOkResponse({ type: SalesRuleDto })
  update(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateSalesRuleDto): Promise<SalesRuleDto> {
    return this.uow.transaction(() => this.rules.update(actor, id, input));
  }
}
