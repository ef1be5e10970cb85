import { Body, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { AccountTypesService } from './account-types.service.js';
import { AccountTypeDto, CreateAccountTypeDto, UpdateAccountTypeDto } from './dto/account-type.dto.js';

@RegularsController('account-types', 'accounts')
export class AccountTypesController {
  constructor(
    private readonly types: AccountTypesService,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ActorSigned('settings.manage')
  @Idempotent()
  @ApiCreatedResponse({ type: AccountTypeDto })
  @ApiConflictResponse({ description: '`account_type_exists`: an account type with the code exists.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateAccountTypeDto): Promise<AccountTypeDto> {
    return this.uow.transaction(() => this.types.create(actor, input));
  }

  @Get()
  @ActorSigned('accounts.read')
  @ApiOkResponse({ type: [AccountTypeDto] })
  list(@CurrentActor() actor: RequestActor): Promise<AccountTypeDto[]> {
    return this.types.list(actor.tenantId);
  }

  @Patch(':id')
  @ActorSigned('settings.manage')
  @ApiOkResponse({ type: AccountTypeDto })
  update(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateAccountTypeDto): Promise<AccountTypeDto> {
    return this.uow.transaction(() => this.types.update(actor, id, input));
  }
}
