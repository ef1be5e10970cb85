import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CustomerPageDto } from '../customers/dto/customer.dto.js';
import { ListCustomersQueryDto } from '../customers/dto/list-customers.query.js';
import { IdentifiersService } from './identifiers.service.js';

/** The customer list: its search finds a guest by name, contact or the number of a card they hold. */
@RegularsController('customers', 'customers')
export class CustomerSearchController {
  constructor(private readonly identifiers: IdentifiersService) {}

  @Get()
  @ActorSigned('customers.read')
  @ApiOperation({ summary: 'List and search customers, in creation order, a page at a time' })
  @ApiOkResponse({ type: CustomerPageDto })
  list(@CurrentActor() actor: RequestActor, @Query() query: ListCustomersQueryDto): Promise<CustomerPageDto> {
    return this.identifiers.searchCustomers(actor.tenantId, query);
  }
}
