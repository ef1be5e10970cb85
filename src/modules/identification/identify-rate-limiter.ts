import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { REGULARS_CONFIG } from '../../config/regulars.constants.js';
import type { RegularsConfig } from '../../config/regulars-options.js';
import type { RequestActor } from '../../host/security/request-actor.js';

/**
 * Identification attempts per terminal per minute, counted in the database with one
 * atomic upsert, so the limit holds however many plugin instances serve the terminals.
 * A stolen terminal key cannot enumerate card numbers faster than the limit.
 */
@Injectable()
export class IdentifyRateLimiter {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {}

  async hit(actor: RequestActor): Promise<void> {
    const bucket = `identify:${actor.terminalId ? `terminal:${actor.terminalId}` : `actor:${actor.id}`}`;
    const nowMs = this.config.clock.now().getTime();
    const minute = Math.floor(nowMs / 60_000);
    const hits = await this.uow.read(async (manager) => {
      if (this.uow.engine === 'mysql') {
        // LAST_INSERT_ID(expr) hands this statement's own count back in the OK packet:
        // a separate SELECT would see other terminals' concurrent hits as well.
        const result = await manager.query(
          'INSERT INTO rc_rate_windows (tenant_id, bucket, window_start, hits) VALUES (?, ?, ?, LAST_INSERT_ID(1)) ' +
            'ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(IF(window_start = VALUES(window_start), hits + 1, 1)), ' +
            'window_start = VALUES(window_start)',
          [actor.tenantId, bucket, minute],
        );
        return Number((result as { insertId: number }).insertId);
      }
      const [row] = await manager.query(
        'INSERT INTO rc_rate_windows (tenant_id, bucket, window_start, hits) VALUES (?, ?, ?, 1) ' +
          'ON CONFLICT (tenant_id, bucket) DO UPDATE SET hits = CASE WHEN window_start = excluded.window_start THEN hits + 1 ELSE 1 END, ' +
          'window_start = excluded.window_start RETURNING hits',
        [actor.tenantId, bucket, minute],
      );
      return Number(row.hits);
    });
    if (hits > this.config.identifyPerMinute) {
      const retryAfterSeconds = Math.max(1, 60 - Math.floor((nowMs % 60_000) / 1000));
      throw new RegularsError(
        'too_many_identifications',
        `this terminal made more than ${this.config.identifyPerMinute} identification attempts this minute`,
        HttpStatus.TOO_MANY_REQUESTS,
        { retryAfterSeconds },
      );
    }
  }
}
