import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTooManyRequestsResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { EventResultDto, type EventResult } from '../../flows/guest-tab/event-result.js';
import { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import { GuestTabHooks } from '../../flows/guest-tab/guest-tab-hooks.js';
import { HostSigned } from '../../common/security/signed.decorators.js';

/** The HTTP transport of host events (CONTRACT.md section 1). */
@RegularsController('hooks', 'host events')
export class GuestTabHooksController {
  constructor(private readonly hooks: GuestTabHooks) {}

  @Post('guest-tab')
  @HttpCode(200)
  @HostSigned()
  @ApiOperation({ summary: 'Deliver a guest-tab event', description: 'Idempotent by event id; see CONTRACT.md section 3.' })
  @ApiBody({ type: GuestTabEventDto })
  @ApiOkResponse({ type: EventResultDto })
  @ApiNotFoundResponse({ description: '`unknown_identifier` / `identifier_not_bound` / `not_found`: the customer an attach presents is not known.' })
  @ApiConflictResponse({ description: '`daily_limit` (an attach, with the limit); `hold_captured` / `hold_released` / `capture_exceeds_hold` (a close’s bonus payment).' })
  @ApiUnprocessableEntityResponse({
    description:
      '`no_customer`, `unknown_hold`, `not_guest_account`, `refund_exceeds_paid` / `unknown_line` / `refund_exceeds_line` (a refund), `balance_limit` / `total_limit` (a close past the maxima).',
  })
  @ApiResponse({ status: 423, description: '`identifier_blocked` / `identifier_lost` or `customer_terminated`: an attach of a guest who may not be served.' })
  @ApiTooManyRequestsResponse({ description: '`too_many_identifications`: an attach presenting an identifier counts as an identification attempt.' })
  handle(@Body() event: unknown): Promise<EventResult> {
    // The dispatcher validates, so both transports refuse the same input the same way.
    return this.hooks.handle(event as GuestTabEventDto);
  }
}
