import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { RequestActor } from '../../common/security/request-actor.js';

/**
 * The tenant's ceiling is this many terminals' worth of identifications a minute: the
 * terminal id is the caller's to choose, so a new id per request must not lift the limit.
 * A chain's tills together stay far below it at the busiest dinner.
 */
export const TENANT_CEILING_TERMINALS = 25;

/**
 * Identification attempts per terminal per minute, and for the whole tenant, counted in
 * the database with one atomic upsert each, so the limits hold however many plugin
 * instances serve the terminals. A stolen terminal key cannot enumerate card numbers
 * faster than the limits.
 */
@Injectable()
export class IdentifyRateLimiter {
  constructor(
    private readonly uow: UnitOfWork,
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
    const [byTerminal, byTenant] = await Promise.all([this.count(actor.tenantId, terminal, minute), this.count(actor.tenantId, 'identify:tenant', minute)]);
    if (byTerminal > perTerminal) {
      throw refuse(`this terminal made more than ${perTerminal} identification attempts this minute`);
    }
    const ceiling = perTerminal * TENANT_CEILING_TERMINALS;
    if (byTenant > ceiling) {
      throw refuse(`the restaurant's terminals made more than ${ceiling} identification attempts this minute`);
    }
  }

  /** This attempt's number in the bucket's current minute. */
  private count(tenantId: string, bucket: string, minute: number): Promise<number> {
    return this.uow.read(async (manager) => {
      if (this.uow.engine === 'mysql') {
        // LAST_INSERT_ID(expr) hands this statement's own count back in the OK packet:
        // a separate SELECT would see other terminals' concurrent hits as well.
        const result = await manager.query(
          'INSERT INTO rc_rate_windows (tenant_id, bucket, window_start, hits) VALUES (?, ?, ?, LAST_INSERT_ID(1)) ' +
            'ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(IF(window_start = VALUES(window_start), hits + 1, 1)), ' +
            'window_start = VALUES(window_start)',
          [tenantId, bucket, minute],
        );
        return Number((result as { insertId: number }).insertId);
      }
      const [row] = await manager.query(
        'INSERT INTO rc_rate_windows (tenant_id, bucket, window_start, hits) VALUES (?, ?, ?, 1) ' +
          'ON CONFLICT (tenant_id, bucket) DO UPDATE SET hits = CASE WHEN window_start = excluded.window_start THEN hits + 1 ELSE 1 END, ' +
          'window_start = excluded.window_start RETURNING hits',
        [tenantId, bucket, minute],
      );
      return Number(row.hits);
    });
  }
}
