import { Body, Get, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CustomerReferralsDto, EnrolReferralDto, ReferralDto, ReferralProgramDto } from './dto/referral.dto.js';
import { ReferralsService } from './referrals.service.js';

@RegularsController('', 'referrals')
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('referral-program')
  @ActorSigned('promotions.manage')
  @ApiOkResponse({ type: ReferralProgramDto })
  program(@CurrentActor() actor: RequestActor): Promise<ReferralProgramDto> {
    return this.referrals.program(actor.tenantId);
  }

  @Put('referral-program')
  @ActorSigned('promotions.manage')
  @ApiOperation({ summary: 'What a referral earns: the guest who brought a new one and the new guest each a credit, after the new guest’s first visit at the minimum' })
  @ApiOkResponse({ type: ReferralProgramDto })
  @ApiUnprocessableEntityResponse({ description: '`unknown_account_type`.' })
  setProgram(@CurrentActor() actor: RequestActor, @Body() input: ReferralProgramDto): Promise<ReferralProgramDto> {
    return this.uow.transaction(() => this.referrals.setProgram(actor, input));
  }

  @Get('customers/:customerId/referrals')
  @ActorSigned('customers.read')
  @ApiOperation({ summary: 'The guest’s own referral code, who brought them, and how many they brought' })
  @ApiOkResponse({ type: CustomerReferralsDto })
  ofCustomer(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string): Promise<CustomerReferralsDto> {
    return this.uow.transaction(() => this.referrals.ofCustomer(actor.tenantId, customerId));
  }

  @Post('referrals')
  @ActorSigned('customers.write')
  @Idempotent()
  @ApiOperation({ summary: 'A new guest brings a regular’s referral code' })
  @ApiCreatedResponse({ type: ReferralDto })
  @ApiNotFoundResponse({ description: '`not_found`: no guest has the code, or no such customerId.' })
  @ApiConflictResponse({ description: '`already_referred`: another guest brought this one already.' })
  @ApiUnprocessableEntityResponse({ description: '`referral_refused` with `reason`: `self_referral`, `shared_phone` (the new guest has the referrer’s phone), `not_new` (the guest has visited already).' })
  enrol(@CurrentActor() actor: RequestActor, @Body() input: EnrolReferralDto): Promise<ReferralDto> {
    return this.uow.transaction(() => this.referrals.enrol(actor, input));
  }
}
