import { Body, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { ContactsService } from './contacts.service.js';
import { ContactDto } from './dto/customer.dto.js';
import { ContactInputDto, UpdateContactDto } from './dto/customer-input.dto.js';

@RegularsController('customers/:customerId/contacts', 'customers')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @ActorSigned('customers.read')
  @ApiOkResponse({ type: [ContactDto] })
  list(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string): Promise<ContactDto[]> {
    return this.contacts.list(actor.tenantId, customerId);
  }

  @Post()
  @ActorSigned('customers.write')
  @Idempotent()
  @ApiCreatedResponse({ type: ContactDto })
  @ApiConflictResponse({ description: '`contact_exists`: the customer has this contact already.' })
  add(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Body() input: ContactInputDto): Promise<ContactDto> {
    return this.uow.transaction(() => this.contacts.add(actor, customerId, input));
  }

  @Patch(':contactId')
  @ActorSigned('customers.write')
  @ApiOkResponse({ type: ContactDto })
  update(
    @CurrentActor() actor: RequestActor,
    @Param('customerId') customerId: string,
    @Param('contactId') contactId: string,
    @Body() input: UpdateContactDto,
  ): Promise<ContactDto> {
    return this.uow.transaction(() => this.contacts.update(actor, customerId, contactId, input));
  }

  @Delete(':contactId')
  @HttpCode(204)
  @ActorSigned('customers.write')
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Param('contactId') contactId: string): Promise<void> {
    return this.uow.transaction(() => this.contacts.remove(actor, customerId, contactId));
  }
}
