import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { MembershipFlow } from '../../flows/membership/membership.flow.js';
import { CustomerDto } from '../../modules/customers/dto/customer.dto.js';
import { TerminateCustomerDto } from '../../modules/customers/dto/customer-input.dto.js';
import { MembershipDto } from '../../modules/memberships/dto/membership.dto.js';
import { MembershipsService, type MembershipView } from '../../modules/memberships/memberships.service.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';

export class CreateMembershipDto {
  @ApiProperty({ example: 'The Berg family' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ description: 'The customer who answers for it; joins as its first member.' }) @IsString() @Length(1, 32) ownerCustomerId: string;
}

export class JoinMembershipDto {
  @ApiProperty() @IsString() @Length(1, 32) customerId: string;
}

export class TerminateMembershipDto {
  @ApiProperty({ example: 'The family left the programme' }) @IsString() @Length(1, 500) reason: string;
}

const JOIN_CONFLICTS = '`already_member` of another membership; `open_holds` or `balance_owed` on an account the guest would bring.';

/** Memberships, and the end of a guest's programme: the routes of the membership flow. */
@RegularsController('', 'accounts')
export class MembershipsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly flow: MembershipFlow,
    private readonly memberships: MembershipsService,
  ) {}

  @Post('memberships')
  @ActorSigned('customers.write')
  @Idempotent({ required: true })
  @ApiOperation({ summary: 'Pool customers into one holder of accounts (a family, a team); the owner joins first, bringing their balances' })
  @ApiCreatedResponse({ type: MembershipDto })
  @ApiNotFoundResponse({ description: '`not_found`: no such ownerCustomerId.' })
  @ApiConflictResponse({ description: JOIN_CONFLICTS })
  @ApiResponse({ status: 423, description: '`customer_terminated`: the owner’s membership was terminated.' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateMembershipDto): Promise<MembershipView> {
    return this.flow.create(actor, input);
  }

  @Get('memberships/:id')
  @ActorSigned('customers.read')
  @ApiOkResponse({ type: MembershipDto })
  get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<MembershipView> {
    return this.memberships.view(actor.tenantId, id);
  }

  @Post('memberships/:id/members')
  @ActorSigned('customers.write')
  @Idempotent({ required: true })
  @ApiOperation({
    summary: 'Add a customer: their balances move into the membership’s accounts (transfer entries, lots keep their expiry), and from now on their accruals and spending go there',
  })
  @ApiCreatedResponse({ type: MembershipDto })
  @ApiNotFoundResponse({ description: '`not_found`: no such customerId.' })
  @ApiConflictResponse({ description: `\`membership_ended\`; ${JOIN_CONFLICTS}` })
  @ApiResponse({ status: 423, description: '`customer_terminated`: the customer’s membership was terminated.' })
  join(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: JoinMembershipDto): Promise<MembershipView> {
    return this.flow.join(actor, id, input.customerId);
  }

  @Delete('memberships/:id/members/:customerId')
  @HttpCode(204)
  @ActorSigned('customers.write')
  @ApiOperation({ summary: 'A member leaves; what they brought stays with the membership' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: '`owner_cannot_leave`: the owner answers for the membership.' })
  leave(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Param('customerId') customerId: string): Promise<void> {
    return this.uow.transaction(() => this.memberships.leave(actor, id, customerId));
  }

  @Post('memberships/:id/terminate')
  @HttpCode(200)
  @ActorSigned('customers.write')
  @Idempotent({ required: true })
  @ApiOperation({ summary: 'End the membership: its accounts reset to zero with entries saying why, their holds released, no card feeds it any more' })
  @ApiOkResponse({ type: MembershipDto })
  terminate(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: TerminateMembershipDto): Promise<MembershipView> {
    return this.flow.terminate(actor, id, input.reason);
  }

  @Post('customers/:id/terminate')
  @HttpCode(200)
  @ApiTags('customers')
  @ActorSigned('customers.write')
  @Idempotent({ required: true })
  @ApiOperation({ summary: 'Terminate a customer’s membership: balances and benefits reset (and a membership they answer for ends), identification answers 423' })
  @ApiOkResponse({ type: CustomerDto })
  terminateCustomer(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: TerminateCustomerDto): Promise<CustomerDto> {
    return this.flow.terminateCustomer(actor, id, input.reason);
  }
}
