import { Body, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { BirthdayBenefitDto } from './birthday-benefit.dto.js';
import { Birthdays } from './birthdays.service.js';

@RegularsController('birthday-benefit', 'birthdays')
export class BirthdaysController {
  constructor(
    private readonly birthdays: Birthdays,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @ActorSigned('settings.manage')
  @ApiOkResponse({ type: BirthdayBenefitDto })
  get(@CurrentActor() actor: RequestActor): Promise<BirthdayBenefitDto> {
    return this.birthdays.get(actor.tenantId);
  }

  @Put()
  @ActorSigned('settings.manage')
  @ApiOperation({ summary: 'What guests get on their birthday, once a year: an account credit, a promotion category for some days, or both' })
  @ApiOkResponse({ type: BirthdayBenefitDto })
  @ApiUnprocessableEntityResponse({
    description: '`incomplete_benefit` (accountTypeCode without amount or the other way round), `empty_benefit`, `unknown_account_type`, `unknown_category`.',
  })
  put(@CurrentActor() actor: RequestActor, @Body() input: BirthdayBenefitDto): Promise<BirthdayBenefitDto> {
    return this.uow.transaction(() => this.birthdays.update(actor, input));
  }
}
