import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import {
  AssignCategoryDto,
  CreatePromotionCategoryDto,
  CustomerCategoryDto,
  PromotionCategoryDto,
  UpdatePromotionCategoryDto,
} from './dto/promotion-category.dto.js';
import { presentCategory, PromotionCategoriesService } from './promotion-categories.service.js';

@RegularsController('', 'promotions')
export class PromotionCategoriesController {
  constructor(
    private readonly categories: PromotionCategoriesService,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('promotion-categories')
  @ActorSigned('promotions.manage')
  @Idempotent()
  @ApiCreatedResponse({ type: PromotionCategoryDto })
  @ApiConflictResponse({ description: '`category_exists`: a category with the code exists.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreatePromotionCategoryDto): Promise<PromotionCategoryDto> {
    return this.uow.transaction(() => this.categories.create(actor, input));
  }

  @Get('promotion-categories')
  @ActorSigned('promotions.manage')
  @ApiQuery({ name: 'active', required: false, type: Boolean })
  @ApiOkResponse({ type: [PromotionCategoryDto] })
  list(@CurrentActor() actor: RequestActor, @Query('active') active?: string): Promise<PromotionCategoryDto[]> {
    return this.categories.list(actor.tenantId, active === undefined ? undefined : active === 'true');
  }

  @Get('promotion-categories/:id')
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: PromotionCategoryDto })
  async get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<PromotionCategoryDto> {
    return presentCategory(await this.categories.get(actor.tenantId, id));
  }

  @Patch('promotion-categories/:id')
  @ActorSigned('promotions.manage')
  @ApiOperation({ summary: 'Change or deactivate a category; its version grows' })
  @ApiOkResponse({ type: PromotionCategoryDto })
  update(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdatePromotionCategoryDto): Promise<PromotionCategoryDto> {
    return this.uow.transaction(() => this.categories.update(actor, id, input));
  }

  @Get('customers/:customerId/categories')
  @ActorSigned('customers.read')
  @ApiOkResponse({ type: [CustomerCategoryDto] })
  customerCategories(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string): Promise<CustomerCategoryDto[]> {
    return this.categories.customerCategories(actor.tenantId, customerId);
  }

  @Post('customers/:customerId/categories')
  @ActorSigned('promotions.manage')
  @Idempotent()
  @ApiOperation({ summary: 'Give the customer a personal category, optionally for a period' })
  @ApiCreatedResponse({ type: CustomerCategoryDto })
  @ApiUnprocessableEntityResponse({ description: '`unknown_category`: no category has the categoryCode.' })
  assign(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Body() input: AssignCategoryDto): Promise<CustomerCategoryDto> {
    return this.uow.transaction(() => this.categories.assign(actor, customerId, input));
  }

  @Delete('customers/:customerId/categories/:assignmentId')
  @HttpCode(204)
  @ActorSigned('promotions.manage')
  @ApiNoContentResponse()
  unassign(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Param('assignmentId') assignmentId: string): Promise<void> {
    return this.uow.transaction(() => this.categories.unassign(actor, customerId, assignmentId));
  }
}
