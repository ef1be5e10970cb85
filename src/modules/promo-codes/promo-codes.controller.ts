import { Body, Get, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CodeBatchDto, CreateCodeBatchDto, CreatePromoCodeDto, PromoCodeDto } from './dto/promo-code.dto.js';
import { PromoCodesService } from './promo-codes.service.js';

@RegularsController('promo-codes', 'promotions')
export class PromoCodesController {
  constructor(
    private readonly codes: PromoCodesService,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ActorSigned('promotions.manage')
  @Idempotent()
  @ApiCreatedResponse({ type: PromoCodeDto })
  @ApiConflictResponse({ description: '`code_exists`: the code exists already.' })
  @ApiUnprocessableEntityResponse({ description: '`unknown_category`: no category has the categoryCode.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreatePromoCodeDto): Promise<PromoCodeDto> {
    return this.uow.transaction(() => this.codes.create(actor, input));
  }

  @Get(':code')
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: PromoCodeDto, description: 'The code with every tab it was on.' })
  get(@CurrentActor() actor: RequestActor, @Param('code') code: string): Promise<PromoCodeDto> {
    return this.codes.get(actor.tenantId, code);
  }
}

@RegularsController('promo-code-batches', 'promotions')
export class PromoCodeBatchesController {
  constructor(
    private readonly codes: PromoCodesService,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ActorSigned('promotions.manage')
  @Idempotent()
  @ApiCreatedResponse({ type: CodeBatchDto })
  @ApiConflictResponse({ description: '`code_batch_exists`: a batch of the name exists already.' })
  @ApiUnprocessableEntityResponse({ description: '`unknown_category`: no category has the categoryCode.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateCodeBatchDto): Promise<CodeBatchDto> {
    return this.uow.transaction(() => this.codes.createBatch(actor, input));
  }

  @Get()
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: [CodeBatchDto], description: 'Newest first.' })
  list(@CurrentActor() actor: RequestActor): Promise<CodeBatchDto[]> {
    return this.codes.batches(actor.tenantId);
  }

  @Get(':id/codes.csv')
  @ActorSigned('promotions.manage')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One line per code: `code,barcode,valid_from,valid_to`; the barcode or QR code carries the code itself.', schema: { type: 'string' } })
  async csv(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<StreamableFile> {
    // The type is the file's, set on success only: a refusal stays JSON.
    const csv = await this.codes.batchCsv(actor.tenantId, id);
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="codes-${id}.csv"` });
  }
}
