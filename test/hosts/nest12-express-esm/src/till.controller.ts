import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EventResult, GuestTabEvent, RejectedEvent } from '@regulars/plugin';

/** The host's own till route: it closes the tab in its POS, then tells the plugin in-process. */
@Controller('till')
export class TillController {
  constructor(private readonly events: EventEmitter2) {}

  @Post('close')
  @HttpCode(200)
  async close(@Body() event: GuestTabEvent): Promise<EventResult | RejectedEvent> {
    const [answer] = (await this.events.emitAsync(event.type, event)) as (EventResult | RejectedEvent)[];
    return answer;
  }
}
