import { Inject, Injectable } from '@nestjs/common';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';
import { IdentifyAttemptCounter } from './identify-attempts.js';

/**
 * The tenant's ceiling is this many terminals' worth of identifications a minute: the
 * terminal id is the caller's to choose, so a new id per request must not lift the limit.
 * A chain's tills together stay far below it at the busiest dinner.
 */
export const TENANT_CEILING_TERMINALS = 25;

/**
 * Identification attempts per terminal per minute, and for the whole tenant, counted so the
 * limits hold however many plugin instances serve the terminals (IdentifyAttemptCounter). A
 * stolen terminal key cannot enumerate card numbers faster than the limits.
 */
@Injectable()
export class IdentifyRateLimiter {
  constructor(
    private readonly counter: IdentifyAttemptCounter,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  /** Counts one attempt or refuses it with 429; outside a transaction, whose rollback would take the count back. */
  async hit(actor: Pick<RequestActor, 'tenantId' | 'id' | 'terminalId'>): Promise<void> {
    const nowMs = this.config.clock.now().getTime();
    const minute = Math.floor(nowMs / 60_000);
    const perTerminal = this.config.identifyPerMinute;
    const refuse = (message: string) =>
      new RegularsError('too_many_identifications', message, {
        retryAfterSeconds: Math.max(1, 60 - Math.floor((nowMs % 60_000) / 1000)),
      });
    const terminal = `identify:${actor.terminalId ? `terminal:${actor.terminalId}` : `actor:${actor.id}`}`;
    // Both counters at once: an attempt a terminal is refused still counts for the restaurant.
    const [byTerminal, byTenant] = await this.counter.count(actor.tenantId, [terminal, 'identify:tenant'], minute);
    if (byTerminal > perTerminal) {
      throw refuse(`this terminal made more than ${perTerminal} identification attempts this minute`);
    }
    const ceiling = perTerminal * TENANT_CEILING_TERMINALS;
    if (byTenant > ceiling) {
      throw refuse(`the restaurant's terminals made more than ${ceiling} identification attempts this minute`);
    }
  }
}
