import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RegularsController } from '../common/regulars-controller.decorator.js';
import { EventResultDto, type EventResult } from './contract/event-result.js';
import { GuestTabEventDto } from './contract/guest-tab-event.dto.js';
import { GuestTabHooks } from './guest-tab-hooks.js';
import { HostSigned } from './security/signed.decorators.js';

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
  handle(@Body() event: unknown): Promise<EventResult> {
    // The dispatcher validates, so both transports refuse the same input the same way.
    return this.hooks.handle(event as GuestTabEventDto);
  }
}
