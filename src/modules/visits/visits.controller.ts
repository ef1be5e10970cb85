import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { CustomersService } from '../customers/customers.service.js';
import { CustomerStatsDto, ListVisitsQueryDto, LocationStatsDto, PeriodQueryDto, VisitPageDto } from './dto/visit.dto.js';
import { VisitsService } from './visits.service.js';

@RegularsController('', 'visits')
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly customers: CustomersService,
  ) {}

  @Get('customers/:customerId/visits')
  @ActorSigned('visits.read')
  @ApiOperation({ summary: 'The customer’s closed visits with their lines, newest first' })
  @ApiOkResponse({ type: VisitPageDto })
  async list(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Query() query: ListVisitsQueryDto): Promise<VisitPageDto> {
    await this.customers.find(actor.tenantId, customerId);
    return this.visits.list(actor.tenantId, customerId, query);
  }

  @Get('customers/:customerId/visits/stats')
  @ActorSigned('visits.read')
  @ApiOperation({ summary: 'Spend, visit count, average check, points and favourite products over a period' })
  @ApiOkResponse({ type: CustomerStatsDto })
  async stats(@CurrentActor() actor: RequestActor, @Param('customerId') customerId: string, @Query() query: PeriodQueryDto): Promise<CustomerStatsDto> {
    await this.customers.find(actor.tenantId, customerId);
    return this.visits.stats(actor.tenantId, customerId, query);
  }

  @Get('locations/:locationId/visits/stats')
  @ActorSigned('visits.read')
  @ApiOperation({ summary: 'Visits of recognised customers at a location over a period, new versus returning' })
  @ApiOkResponse({ type: LocationStatsDto })
  locationStats(@CurrentActor() actor: RequestActor, @Param('locationId') locationId: string, @Query() query: PeriodQueryDto): Promise<LocationStatsDto> {
    return this.visits.locationStats(actor.tenantId, locationId, query);
  }
}
