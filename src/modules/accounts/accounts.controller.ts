import { Body, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { AccountsService } from './accounts.service.js';
import {
  AccountDto,
  EntryPageDto,
  ListEntriesQueryDto,
  OpenAccountDto,
  ReleasedHoldsDto,
  ResetHoldsDto,
  UpdateAccountDto,
} from './dto/account.dto.js';
import { HoldDto } from './dto/hold.dto.js';
import { HoldsService, presentHold } from './holds.service.js';
import { UnitOfWork } from '../../common/database/unit-of-work.js';

@RegularsController('', 'accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly holds: HoldsService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('customers/:customerId/accounts')
  @ActorSigned('accounts.read')
  @ApiOperation({ summary: 'The accounts the customer uses (their membership’s, if they belong to one), with balances' })
  @ApiOkResponse({ type: [AccountDto] })
  forCustomer(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string): Promise<AccountDto[]> {
    return this.accounts.forCustomer(actor.tenantId, customerId);
  }

  @Post('customers/:customerId/accounts')
  @ActorSigned('accounts.adjust')
  @ApiOperation({ summary: 'Open the customer’s account of a type (answers the existing one if open)' })
  @ApiCreatedResponse({ type: AccountDto })
  @ApiConflictResponse({ description: '`account_type_inactive`: the type is not offered any more.' })
  @ApiUnprocessableEntityResponse({ description: '`unknown_account_type`: no account type has the accountTypeCode.' })
  @ApiResponse({ status: 423, description: '`customer_terminated`: the customer’s membership was terminated.' })
  open(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Body() input: OpenAccountDto): Promise<AccountDto> {
    return this.uow.transaction(() => this.accounts.open(actor, customerId, input.accountTypeCode));
  }

  @Get('accounts/:id')
  @ActorSigned('accounts.read')
  @ApiOkResponse({ type: AccountDto })
  get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<AccountDto> {
    return this.accounts.get(actor.tenantId, id);
  }

  @Patch('accounts/:id')
  @ActorSigned('accounts.adjust')
  @ApiOperation({ summary: 'Freeze, reopen or close an account' })
  @ApiOkResponse({ type: AccountDto })
  @ApiConflictResponse({ description: '`account_not_empty`: only an account with nothing on it and nothing held closes.' })
  setStatus(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateAccountDto): Promise<AccountDto> {
    return this.uow.transaction(() => this.accounts.setStatus(actor, id, input.status));
  }

  @Get('accounts/:id/entries')
  @ActorSigned('accounts.read')
  @ApiOperation({ summary: 'The ledger, newest first; credits and debits marked by `direction`' })
  @ApiOkResponse({ type: EntryPageDto })
  entries(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Query() query: ListEntriesQueryDto): Promise<EntryPageDto> {
    return this.accounts.entries(actor.tenantId, id, query);
  }

  @Get('accounts/:id/holds')
  @ActorSigned('accounts.read')
  @ApiOkResponse({ type: [HoldDto] })
  async openHolds(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<HoldDto[]> {
    await this.accounts.require(actor.tenantId, id);
    return (await this.holds.openOfAccount(actor.tenantId, id)).map(presentHold);
  }

  @Post('accounts/:id/reset-holds')
  @HttpCode(200)
  @ActorSigned('accounts.reset_holds')
  @Idempotent({ required: true })
  @ApiOperation({ summary: 'Release every open hold older than the given age; who did it is recorded' })
  @ApiOkResponse({ type: ReleasedHoldsDto })
  resetHolds(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: ResetHoldsDto): Promise<ReleasedHoldsDto> {
    return this.holds.resetHolds(actor, id, input.olderThanMinutes, input.reason);
  }
}
