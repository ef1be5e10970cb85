import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { asRefusal } from '../common/errors/refusals.js';
import { hostEventEmitter, type HostEventEmitter } from '../common/host-event-emitter.js';
import { ERROR_CODES, type ErrorCode } from '../common/errors/error-codes.js';
import { GUEST_TAB_EVENT_TYPES } from '../contract/contract-values.js';
import type { EventResult } from '../flows/guest-tab/event-result.js';
import type { GuestTabEventDto } from '../contract/guest-tab-event.dto.js';
import { GuestTabHooks } from '../flows/guest-tab/guest-tab-hooks.js';

/** What an emitted event answers when it is refused: the transport cannot throw at the emitter. */
export interface RejectedEvent {
  eventId: string | null;
  status: 'rejected';
  error: { statusCode: number; code: string; message: string | string[] };
}

/**
 * The in-process transport over @nestjs/event-emitter: a host that imports
 * EventEmitterModule.forRoot() emits a guest-tab event under its `type`, and
 * `emitAsync` resolves to the same answer as GuestTabHooks.handle(). A listener never
 * rejects: with a plain `emit` an unhandled rejection would bring the host down, so a
 * refusal comes back as a `rejected` answer instead. @nestjs/event-emitter is an optional
 * peer: the transport looks for it at start-up and stays off in a host without it.
 */
@Injectable()
export class EventEmitterTransport implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Regulars');

  private emitter: HostEventEmitter | null = null;

  constructor(
    private readonly hooks: GuestTabHooks,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    this.emitter = await hostEventEmitter(this.moduleRef);
    if (!this.emitter) {
      this.logger.log('no EventEmitter2 in the host: events arrive through GuestTabHooks.handle() or HTTP only');
      return;
    }
    for (const type of GUEST_TAB_EVENT_TYPES) this.emitter.on(type, this.listener);
  }

  onModuleDestroy(): void {
    for (const type of GUEST_TAB_EVENT_TYPES) this.emitter?.off(type, this.listener);
  }

  private readonly listener = async (event: unknown): Promise<EventResult | RejectedEvent> => {
    try {
      // Whatever a host emits is validated by the dispatcher, as an HTTP body is.
      return await this.hooks.handle(event as GuestTabEventDto);
    } catch (error) {
      return rejection(event, error);
    }
  };
}

function rejection(event: unknown, error: unknown): RejectedEvent {
  const id = (event as { id?: unknown } | null)?.id;
  const eventId = typeof id === 'string' ? id : null;
  const refusal = asRefusal(error);
  if (refusal) return { eventId, status: 'rejected', error: { statusCode: refusal.status, code: refusal.code, message: refusal.lines ?? refusal.message } };
  return { eventId, status: 'rejected', error: { statusCode: ERROR_CODES.internal_error.status, code: 'internal_error' satisfies ErrorCode, message: 'internal error, see the plugin log' } };
}
