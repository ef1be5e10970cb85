import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import { optionalPackage } from '../../common/optional-package.js';
import { IdentificationRepository, type IdentifyAttempts } from './identification.repository.js';

/** One counter's minute as this instance knows it: the shared total at the last flush, its own attempts on their way there, and its own since. */
interface Window {
  tenantId: string;
  bucket: string;
  minute: number;
  shared: number;
  flushing: number;
  pending: number;
}

/** How long Redis may take before an attempt counts as without it: the till waits for no counter. */
const REDIS_TIMEOUT_MS = 200;

/**
 * Counts identification attempts per counter and minute, off the till's path: each attempt
 * counts in this instance's memory at once, and a flush at least every `flushMs` adds them
 * to the counters in the database that every instance shares and reads those back. An
 * instance thus knows its own attempts exactly and the others' as of its last flush, so a
 * limit can be overshot by what the other instances let through in one flush interval.
 * With Redis configured each attempt counts there as it comes, exactly across instances;
 * while Redis does not answer, attempts count as without it.
 */
@Injectable()
export class IdentifyAttemptCounter implements OnModuleDestroy {
  private readonly logger = new Logger('Regulars');
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;
  private redis: Promise<Redis> | null = null;
  private redisAgainAt = 0;

  constructor(
    private readonly repository: IdentificationRepository,
    @Inject(REGULARS_CONFIG) private readonly config: RegularsConfig,
  ) {
    this.timer = setInterval(() => void this.flush(), config.identifyCounting.flushMs).unref();
  }

  /** Counts one attempt on each counter and answers each one's count this minute. */
  async count(tenantId: string, buckets: readonly string[], minute: number): Promise<number[]> {
    if (this.config.identifyCounting.redis && Date.now() >= this.redisAgainAt) {
      try {
        return await this.countInRedis(tenantId, buckets, minute);
      } catch (error) {
        // One attempt a second finds out whether Redis is back; the others do not wait for it.
        this.redisAgainAt = Date.now() + 1000;
        this.logger.warn(`Identification attempts count in this instance while Redis does not answer: ${(error as Error).message}`);
      }
    }
    return buckets.map((bucket) => this.countHere(tenantId, bucket, minute));
  }

  /** Adds this instance's attempts to the shared counters and learns the others'; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.flushPending().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.redis) await this.redis.then((client) => client.quit()).catch(() => undefined);
  }

  private countHere(tenantId: string, bucket: string, minute: number): number {
    const key = `${tenantId}\u0000${bucket}`;
    let window = this.windows.get(key);
    if (!window || window.minute < minute) {
      window = { tenantId, bucket, minute, shared: 0, flushing: 0, pending: 0 };
      this.windows.set(key, window);
    }
    window.pending += 1;
    return window.shared + window.flushing + window.pending;
  }

  /** Adds what this instance counted and reads back every counter it used this minute, the others' attempts included. */
  private async flushPending(): Promise<void> {
    const minute = Math.floor(this.config.clock.now().getTime() / 60_000);
    const taken: Window[] = [];
    const current: Window[] = [];
    for (const [key, window] of this.windows) {
      if (window.pending > 0) taken.push(window);
      if (window.pending > 0 || window.minute >= minute) current.push(window);
      else this.windows.delete(key);
    }
    if (current.length === 0) return;
    // Attempts on their way to the database still count here until the shared total includes them.
    for (const window of taken) [window.flushing, window.pending] = [window.pending, 0];
    try {
      await this.repository.addIdentifyAttempts(taken.map(({ tenantId, bucket, minute: at, flushing }): IdentifyAttempts => ({ tenantId, bucket, minute: at, hits: flushing })));
      const counted = await this.repository.identifyAttemptsOf(current);
      const now = new Map(counted.map((row) => [`${row.tenantId}\u0000${row.bucket}`, row]));
      for (const window of current) {
        const row = now.get(`${window.tenantId}\u0000${window.bucket}`);
        if (row && row.minute === window.minute) window.shared = row.hits;
        else window.shared += window.flushing;
        window.flushing = 0;
      }
    } catch (error) {
      // Counted again at the next flush: an attempt is never lost to a database that was away.
      for (const window of taken) [window.pending, window.flushing] = [window.pending + window.flushing, 0];
      this.logger.warn(`Identification attempts could not be added to the shared counters: ${(error as Error).message}`);
    }
  }

  private async countInRedis(tenantId: string, buckets: readonly string[], minute: number): Promise<number[]> {
    const redis = await this.connectRedis();
    const { keyPrefix } = this.config.identifyCounting.redis!;
    const pipeline = redis.multi();
    for (const bucket of buckets) pipeline.incr(`${keyPrefix}${tenantId}:${bucket}:${minute}`).expire(`${keyPrefix}${tenantId}:${bucket}:${minute}`, 120);
    const answers = (await pipeline.exec()) ?? [];
    return buckets.map((_, index) => {
      const [error, hits] = answers[index * 2] ?? [new Error('no answer')];
      if (error) throw error;
      return Number(hits);
    });
  }

  private connectRedis(): Promise<Redis> {
    this.redis ??= (async () => {
      const ioredis = await optionalPackage<typeof import('ioredis')>('ioredis', 'identifyCounting.redis');
      const client = new ioredis.Redis(this.config.identifyCounting.redis!.url, {
        lazyConnect: true,
        // An attempt the till waits on is answered from memory rather than queued behind a reconnect.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: REDIS_TIMEOUT_MS * 5,
        commandTimeout: REDIS_TIMEOUT_MS,
        // Its 2 s default keeps a host's process (and a test run) alive after a Redis that never answered.
        disconnectTimeout: REDIS_TIMEOUT_MS,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
      } catch (error) {
        // A client that never connected would keep reconnecting, and keep the process alive, for nothing.
        client.disconnect();
        throw error;
      }
      return client;
    })().catch((error: Error) => {
      this.redis = null;
      throw error;
    });
    return this.redis;
  }
}
