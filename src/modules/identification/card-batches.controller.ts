import { Body, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CardBatchesService } from './card-batches.service.js';
import { CardBatchDto, CreateCardBatchDto, IssueCardsDto, IssuedCardsDto } from './dto/identifier.dto.js';

@RegularsController('card-batches', 'identifiers')
export class CardBatchesController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly batches: CardBatchesService,
  ) {}

  @Post()
  @ActorSigned('identifiers.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Create a card batch (a named number range), optionally issuing its first cards' })
  @ApiCreatedResponse({ type: IssuedCardsDto })
  @ApiConflictResponse({ description: '`batch_exists`: a batch of that name exists; `identifier_exists`: a number of the range is an active identifier already.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateCardBatchDto): Promise<IssuedCardsDto> {
    return this.uow.transaction(() => this.batches.create(actor, input));
  }

  @Get()
  @ActorSigned('identifiers.manage')
  @ApiOkResponse({ type: [CardBatchDto] })
  list(@CurrentActor() actor: RequestActor): Promise<CardBatchDto[]> {
    return this.batches.list(actor.tenantId);
  }

  @Post(':id/cards')
  @ActorSigned('identifiers.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Issue the next cards of the batch, impersonal until bound' })
  @ApiCreatedResponse({ type: IssuedCardsDto })
  @ApiConflictResponse({ description: '`batch_exhausted`, with the numbers `remaining`; `identifier_exists`: a number is an active identifier already.' })
  issue(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: IssueCardsDto): Promise<IssuedCardsDto> {
    return this.uow.transaction(() => this.batches.issue(actor, id, input.count));
  }
}
