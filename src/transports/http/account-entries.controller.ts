import { Body, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { AccountEntriesFlow } from '../../flows/account-entries/account-entries.flow.js';
import { AdjustAccountDto, EntryDto, TransferDto, TransferEntriesDto } from '../../modules/accounts/dto/account.dto.js';

const SPENDING_CONFLICTS = '`insufficient_balance`, `account_closed`, `account_frozen`.';
const BALANCE_LIMIT = '`balance_limit`: a balance would pass 10^15.';

/** A manager's entries on accounts: the routes of the account-entries flow. */
@RegularsController('', 'accounts')
export class AccountEntriesController {
  constructor(private readonly flow: AccountEntriesFlow) {}

  @Post('accounts/:id/entries')
  @ActorSigned('accounts.adjust')
  @Idempotent({ required: true })
  @ApiOperation({ summary: 'A manual credit or debit, with the reason the history shows' })
  @ApiCreatedResponse({ type: EntryDto })
  @ApiConflictResponse({ description: SPENDING_CONFLICTS })
  @ApiUnprocessableEntityResponse({ description: BALANCE_LIMIT })
  adjust(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: AdjustAccountDto): Promise<EntryDto> {
    return this.flow.adjust(actor, id, input);
  }

  @Post('accounts/:id/transfers')
  @ActorSigned('accounts.adjust')
  @Idempotent({ required: true })
  @ApiOperation({ summary: 'Move an amount to another account of the same type and holder kind' })
  @ApiCreatedResponse({ type: TransferEntriesDto })
  @ApiConflictResponse({ description: SPENDING_CONFLICTS })
  @ApiUnprocessableEntityResponse({ description: `\`same_account\`, \`incompatible_accounts\`; ${BALANCE_LIMIT}` })
  transfer(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: TransferDto): Promise<TransferEntriesDto> {
    return this.flow.transfer(actor, id, input);
  }

}
