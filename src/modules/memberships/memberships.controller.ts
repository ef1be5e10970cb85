import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../host/security/request-actor.js';
import { ActorSigned } from '../../host/security/signed.decorators.js';
import { MembershipsService, type MembershipView } from './memberships.service.js';

export class CreateMembershipDto {
  @ApiProperty({ example: 'The Berg family' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ description: 'The customer who answers for it; joins as its first member.' }) @IsString() @Length(1, 32) ownerCustomerId: string;
}

export class JoinMembershipDto {
  @ApiProperty() @IsString() @Length(1, 32) customerId: string;
}

@RegularsController('memberships', 'accounts')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Post()
  @ActorSigned('customers.write')
  @Idempotent()
  @ApiOperation({ summary: 'Pool customers into one holder of accounts (a family, a team)' })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateMembershipDto): Promise<MembershipView> {
    return this.memberships.create(actor, input);
  }

  @Get(':id')
  @ActorSigned('customers.read')
  get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<MembershipView> {
    return this.memberships.view(actor.tenantId, id);
  }

  @Post(':id/members')
  @ActorSigned('customers.write')
  @ApiOperation({ summary: 'Add a customer: from now on their accruals and spending go to the membership’s accounts' })
  join(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: JoinMembershipDto): Promise<MembershipView> {
    return this.memberships.join(actor, id, input.customerId);
  }

  @Delete(':id/members/:customerId')
  @HttpCode(204)
  @ActorSigned('customers.write')
  leave(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Param('customerId') customerId: string): Promise<void> {
    return this.memberships.leave(actor, id, customerId);
  }
}
