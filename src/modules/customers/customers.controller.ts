import { Body, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { AuditEntryDto } from '../audit/audit-entry.dto.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { CustomersService } from './customers.service.js';
import { CustomerDto } from './dto/customer.dto.js';
import { CreateCustomerDto, UpdateCustomerDto } from './dto/customer-input.dto.js';

const UNKNOWN_ORGANISATION = '`unknown_organisation`: organisationId names no organisation of the tenant.';

@RegularsController('customers', 'customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly auditTrail: AuditTrail,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ActorSigned('customers.write')
  @Idempotent()
  @ApiOperation({ summary: 'Create a customer (409 with candidates when the phone or name exists, unless allowDuplicate)' })
  @ApiCreatedResponse({ type: CustomerDto })
  @ApiConflictResponse({ description: '`possible_duplicate`, with `candidates: [{ id, displayName, matchedOn }]`.' })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_ORGANISATION })
  create(@CurrentActor() actor: RequestActor, @Body() input: CreateCustomerDto): Promise<CustomerDto> {
    return this.uow.transaction(() => this.customers.create(actor, input));
  }

  @Get(':id')
  @ActorSigned('customers.read')
  @ApiOkResponse({ type: CustomerDto })
  get(@CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<CustomerDto> {
    return this.customers.get(actor.tenantId, id);
  }

  @Get(':id/audit')
  @ActorSigned('customers.read')
  @ApiOperation({ summary: 'Who created and changed the customer, their contacts and identifiers, and when' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  async audit(@CurrentActor() actor: RequestActor, @Param('id') id: string) {
    await this.customers.find(actor.tenantId, id);
    return (await this.auditTrail.forCustomer(actor.tenantId, id)).map(({ tenantId: _tenant, ...entry }) => entry);
  }

  @Patch(':id')
  @ActorSigned('customers.write')
  @ApiOperation({ summary: 'Change a customer; null clears a field' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_ORGANISATION })
  update(@CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() input: UpdateCustomerDto): Promise<CustomerDto> {
    return this.uow.transaction(() => this.customers.update(actor, id, input));
  }
}
