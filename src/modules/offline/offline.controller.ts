import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { OfflineRiskDto, OfflineRiskQueryDto } from './dto/offline-risk.dto.js';
import { OfflineSpends } from './offline-spends.service.js';

@RegularsController('', 'offline tills')
export class OfflineController {
  constructor(private readonly spends: OfflineSpends) {}

  @Get('offline-risk')
  @ActorSigned('accounts.read')
  @ApiOperation({ summary: 'Per location, what tills spent from guests’ accounts while offline, the debt it left, and what is still owed' })
  @ApiOkResponse({ type: OfflineRiskDto })
  risk(@CurrentActor() actor: RequestActor, @Query() query: OfflineRiskQueryDto): Promise<OfflineRiskDto> {
    return this.spends.risk(actor.tenantId, query);
  }
}
