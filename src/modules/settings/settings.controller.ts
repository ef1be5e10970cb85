import { Body, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { SettingsDto, UpdateSettingsDto } from './dto/settings.dto.js';
import { SettingsService } from './settings.service.js';

@RegularsController('settings', 'settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @ActorSigned('settings.manage')
  @ApiOkResponse({ type: SettingsDto })
  get(@CurrentActor() actor: RequestActor): Promise<SettingsDto> {
    return this.settings.get(actor.tenantId);
  }

  @Put()
  @ActorSigned('settings.manage')
  @ApiOkResponse({ type: SettingsDto })
  @ApiUnprocessableEntityResponse({ description: '`bad_country`: defaultCountry has no phone numbering.' })
  update(@CurrentActor() actor: RequestActor, @Body() input: UpdateSettingsDto): Promise<SettingsDto> {
    return this.uow.transaction(() => this.settings.update(actor, input));
  }
}
