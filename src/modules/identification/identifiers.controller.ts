import { Body, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import {
  BindIdentifierDto,
  CreateIdentifierDto,
  IdentifierDto,
  IdentifierPageDto,
  ListIdentifiersQueryDto,
  UpdateIdentifierDto,
} from './dto/identifier.dto.js';
import { IdentifiersService } from './identifiers.service.js';

const IDENTIFIER_EXISTS = '`identifier_exists`: another active identifier of the type has the value.';

@RegularsController('', 'identifiers')
export class IdentifiersController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly identifiers: IdentifiersService,
  ) {}

  @Post('identifiers')
  @ActorSigned('identifiers.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Issue an impersonal identifier (a card not yet given to anyone)' })
  @ApiCreatedResponse({ type: IdentifierDto })
  @ApiConflictResponse({ description: IDENTIFIER_EXISTS })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateIdentifierDto): Promise<IdentifierDto> {
    return this.uow.transaction(() => this.identifiers.create(actor, input));
  }

  @Get('identifiers')
  @ActorSigned('identifiers.manage')
  @ApiOkResponse({ type: IdentifierPageDto })
  list(@CurrentActor() actor: RequestActor, @Query() query: ListIdentifiersQueryDto): Promise<IdentifierPageDto> {
    return this.identifiers.list(actor.tenantId, query);
  }

  @Get('identifiers/:id')
  @ActorSigned('identifiers.manage')
  @ApiOkResponse({ type: IdentifierDto })
  get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<IdentifierDto> {
    return this.identifiers.get(actor.tenantId, id);
  }

  @Patch('identifiers/:id')
  @ActorSigned('identifiers.manage')
  @ApiOperation({ summary: 'Block, mark lost or re-activate an identifier' })
  @ApiOkResponse({ type: IdentifierDto })
  @ApiConflictResponse({ description: `${IDENTIFIER_EXISTS} (re-activating)` })
  setStatus(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateIdentifierDto): Promise<IdentifierDto> {
    return this.uow.transaction(() => this.identifiers.setStatus(actor, id, input));
  }

  @Post('identifiers/:id/unbind')
  @HttpCode(200)
  @ActorSigned('identifiers.manage')
  @ApiOperation({ summary: 'Take the identifier back from its holder; it stays issued' })
  @ApiOkResponse({ type: IdentifierDto })
  unbind(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<IdentifierDto> {
    return this.uow.transaction(() => this.identifiers.unbind(actor, id));
  }

  @Get('customers/:customerId/identifiers')
  @ActorSigned('customers.read')
  @ApiOkResponse({ type: [IdentifierDto] })
  forCustomer(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string): Promise<IdentifierDto[]> {
    return this.identifiers.listForCustomer(actor.tenantId, customerId);
  }

  @Post('customers/:customerId/identifiers')
  @ActorSigned('identifiers.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Bind a card or other identifier to the customer; reassign: true moves one another customer holds' })
  @ApiCreatedResponse({ type: IdentifierDto })
  @ApiConflictResponse({ description: `\`identifier_has_holder\`, with \`holder: { id, displayName }\` (bind with reassign to move it); ${IDENTIFIER_EXISTS}` })
  @ApiResponse({ status: 423, description: '`customer_terminated`: the customer’s membership was terminated.' })
  bind(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Body() input: BindIdentifierDto): Promise<IdentifierDto> {
    return this.uow.transaction(() => this.identifiers.bind(actor, customerId, input));
  }
}
