import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import type { Page } from '../../common/pagination.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import {
  CreateWebhookDto,
  DeliveryDto,
  DeliveryPageDto,
  DeliveryTargetDto,
  ListDeliveriesQueryDto,
  TestEventDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookWithSecretDto,
} from './dto/webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

const PRIVATE_TARGET = '`private_target`: the url is localhost or a loopback, private, link-local, unique-local or unspecified address (allowed only with webhooks.allowPrivateTargets).';

@RegularsController('webhooks', 'webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @ActorSigned('webhooks.manage')
  @ApiOkResponse({ type: [WebhookDto] })
  list(@CurrentActor() actor: RequestActor): Promise<WebhookDto[]> {
    return this.webhooks.list(actor.tenantId);
  }

  @Get('targets')
  @ActorSigned('webhooks.manage')
  @ApiOperation({ summary: 'Where events go beside the subscriptions — the host’s brokers, messages to guests —, each with its delivery log under its id' })
  @ApiOkResponse({ type: [DeliveryTargetDto] })
  targets(): DeliveryTargetDto[] {
    return this.webhooks.targets();
  }

  @Post()
  @ActorSigned('webhooks.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Subscribe a URL to event types; the answer shows the signing secret, the one time it is shown' })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiUnprocessableEntityResponse({ description: PRIVATE_TARGET })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    return this.uow.transaction(() => this.webhooks.create(actor, input));
  }

  @Get(':id')
  @ActorSigned('webhooks.manage')
  @ApiOkResponse({ type: WebhookDto })
  get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<WebhookDto> {
    return this.webhooks.get(actor.tenantId, id);
  }

  @Patch(':id')
  @ActorSigned('webhooks.manage')
  @ApiOkResponse({ type: WebhookDto })
  @ApiUnprocessableEntityResponse({ description: PRIVATE_TARGET })
  update(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateWebhookDto): Promise<WebhookDto> {
    return this.uow.transaction(() => this.webhooks.update(actor, id, input));
  }

  @Delete(':id')
  @HttpCode(204)
  @ActorSigned('webhooks.manage')
  @ApiOperation({ summary: 'Unsubscribe: the subscription and its delivery log go' })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<void> {
    return this.uow.transaction(() => this.webhooks.remove(actor, id));
  }

  @Post(':id/rotate-secret')
  @ActorSigned('webhooks.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Rotate the signing secret: the next attempt of every delivery is signed with the new one, shown in the answer only' })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  rotateSecret(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<WebhookWithSecretDto> {
    return this.uow.transaction(() => this.webhooks.rotateSecret(actor, id));
  }

  @Get(':id/deliveries')
  @ActorSigned('webhooks.manage')
  @ApiOperation({ summary: 'The delivery log, newest first: status, attempts, the last answer; of a subscription, or of a target from GET /webhooks/targets' })
  @ApiOkResponse({ type: DeliveryPageDto })
  deliveries(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Query() query: ListDeliveriesQueryDto): Promise<Page<DeliveryDto>> {
    return this.webhooks.deliveries(actor.tenantId, id, query);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @ActorSigned('webhooks.manage')
  @ApiOperation({ summary: 'Send a delivery again now, a dead one too (another retryForHours of retries)' })
  @ApiOkResponse({ type: DeliveryDto })
  retry(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<DeliveryDto> {
    return this.uow.transaction(() => this.webhooks.retry(actor, id));
  }

  @Post(':id/test')
  @ActorSigned('webhooks.manage')
  @ApiOperation({ summary: 'Send a webhook.test event to this subscription (active or not)' })
  @ApiCreatedResponse({ type: TestEventDto })
  sendTest(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<TestEventDto> {
    return this.uow.transaction(() => this.webhooks.sendTest(actor, id));
  }
}
