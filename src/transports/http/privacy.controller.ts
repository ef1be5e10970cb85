import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import { Equals, IsString } from 'class-validator';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CustomerDto } from '../../modules/customers/dto/customer.dto.js';
import { ErasureReportDto, PurgeReportDto } from '../../flows/privacy/privacy.dto.js';
import { PrivacyFlow, type ErasureReport, type PurgeReport } from '../../flows/privacy/privacy.flow.js';

export class PurgeTenantDto {
  @ApiProperty({ description: 'The tenant id again, so a purge cannot happen by accident.', example: 'brand-1' })
  @IsString()
  confirmTenantId: string;

  @ApiProperty({ example: 'ERASE ALL PERSONAL DATA' })
  @Equals('ERASE ALL PERSONAL DATA', { message: 'must be exactly "ERASE ALL PERSONAL DATA"' })
  confirmation: string;
}

/** The guest's rights over their data, and the purge when a restaurant leaves. */
@RegularsController('', 'privacy')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyFlow) {}

  @Post('customers/:id/erase')
  @HttpCode(200)
  @ActorSigned('customers.erase')
  @ApiOperation({ summary: 'Anonymise a customer: names, contacts, identifiers and audited values go; visits and ledger stay by id' })
  @ApiOkResponse({ type: ErasureReportDto })
  erase(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<ErasureReport> {
    return this.privacy.erase(actor, id);
  }

  @Get('customers/:id/export')
  @ActorSigned('customers.erase')
  @ApiOperation({ summary: 'Everything stored about a customer, as one JSON document' })
  @ApiOkResponse({
    description: 'The export document: the customer, and what each part of the plugin keeps about them under its own name (contacts, identifiers, accounts, visits…).',
    schema: {
      type: 'object',
      required: ['exportedAt', 'exportedBy', 'customer'],
      properties: { exportedAt: { type: 'string', format: 'date-time' }, exportedBy: { type: 'string' }, customer: { $ref: getSchemaPath(CustomerDto) } },
      additionalProperties: true,
    },
  })
  export(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<Record<string, unknown>> {
    return this.privacy.export(actor, id);
  }

  @Post('tenant/purge-personal-data')
  @HttpCode(200)
  @ActorSigned('settings.manage')
  @ApiOperation({ summary: 'Erase every personal value of the tenant (on uninstall) and report what was done' })
  @ApiOkResponse({ type: PurgeReportDto })
  @ApiUnprocessableEntityResponse({ description: '`confirmation_mismatch`: confirmTenantId is not the tenant of the actor.' })
  purge(@CurrentActor() actor: RequestActor, @Body() input: PurgeTenantDto): Promise<PurgeReport> {
    if (input.confirmTenantId !== actor.tenantId) {
      throw new RegularsError('confirmation_mismatch', 'confirmTenantId: must be the tenant being purged');
    }
    return this.privacy.purgeTenant(actor);
  }
}
