import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RegularsConfig } from '../config/regulars-options.js';
import { optionalPackage } from '../optional-package.js';

/** Why a unit of work ran again: another transaction's deadlock, a row lock waited on too long, a race on a new row. */
export type RetryReason = 'deadlock' | 'lock_wait' | 'race';

/** What the driver's pool says of itself; null where it says nothing (SQLite's one connection). */
export interface PoolUsage {
  inUse: number;
  idle: number;
  waiting: number;
  limit: number;
}

interface Instruments {
  prom: typeof import('prom-client');
  registry: Registry;
  requestSeconds: Histogram;
  guestTabEvents: Counter;
  retries: Counter;
  abandoned: Counter;
  lockWaits: Counter;
  jobSeconds: Histogram;
  jobRows: Counter;
}

/**
 * The plugin's Prometheus metrics, or nothing at all when `operations.metrics` is off: every
 * recorder is a label look-up and an addition, never I/O, so the till's path does not wait on it.
 * The metrics live in a registry of the plugin's own unless the host gives its own, so a
 * host's prom-client metrics (and its global registry) never clash with the plugin's.
 */
export class PluginMetrics {
  static readonly off = new PluginMetrics(null);

  static async create(config: RegularsConfig, pool: () => PoolUsage | null): Promise<PluginMetrics> {
    if (!config.operations.metrics) return PluginMetrics.off;
    const prom = await optionalPackage<typeof import('prom-client')>('prom-client', 'operations.metrics');
    const registry = (config.operations.metrics.registry as Registry | null) ?? new prom.Registry();
    const registers = [registry];
    const instruments: Instruments = {
      prom,
      registry,
      requestSeconds: new prom.Histogram({
        name: 'regulars_http_request_duration_seconds',
        help: "Time the plugin's routes took to answer, by route pattern and status.",
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
      guestTabEvents: new prom.Counter({ name: 'regulars_guest_tab_events_total', help: 'Guest-tab events handled, by type and outcome (applied, duplicate, stale, refused, failed).', labelNames: ['type', 'outcome'], registers }),
      retries: new prom.Counter({ name: 'regulars_transaction_retries_total', help: 'Units of work rolled back and run again, by reason.', labelNames: ['reason'], registers }),
      abandoned: new prom.Counter({ name: 'regulars_transactions_abandoned_total', help: 'Units of work given up after their retries (answered 503 busy), by the last reason.', labelNames: ['reason'], registers }),
      lockWaits: new prom.Counter({ name: 'regulars_lock_wait_timeouts_total', help: 'Row lock waits that ran out (lockWaitTimeoutSeconds).', registers }),
      jobSeconds: new prom.Histogram({
        name: 'regulars_job_run_duration_seconds',
        help: 'Time a job run took for one tenant, by job and status.',
        labelNames: ['job', 'status'],
        buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
        registers,
      }),
      jobRows: new prom.Counter({ name: 'regulars_job_rows_total', help: 'Rows job runs changed, by job.', labelNames: ['job'], registers }),
    };
    if (pool() !== null) {
      new prom.Gauge({
        name: 'regulars_db_pool_connections',
        help: "The plugin's database pool: connections in use, idle, requests waiting for one, and the pool's limit.",
        labelNames: ['state'],
        registers,
        collect(this: Gauge) {
          const usage = pool();
          if (!usage) return;
          this.set({ state: 'in_use' }, usage.inUse);
          this.set({ state: 'idle' }, usage.idle);
          this.set({ state: 'waiting' }, usage.waiting);
          this.set({ state: 'limit' }, usage.limit);
        },
      });
    }
    return new PluginMetrics(instruments);
  }

  private constructor(private readonly instruments: Instruments | null) {}

  get enabled(): boolean {
    return this.instruments !== null;
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.instruments?.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  guestTabEvent(type: string, outcome: string): void {
    this.instruments?.guestTabEvents.inc({ type, outcome });
  }

  transactionRetried(reason: RetryReason): void {
    this.instruments?.retries.inc({ reason });
    if (reason === 'lock_wait') this.instruments?.lockWaits.inc();
  }

  transactionAbandoned(reason: RetryReason): void {
    this.instruments?.abandoned.inc({ reason });
    if (reason === 'lock_wait') this.instruments?.lockWaits.inc();
  }

  jobRun(job: string, status: string, seconds: number, rows: number): void {
    this.instruments?.jobSeconds.observe({ job, status }, seconds);
    this.instruments?.jobRows.inc({ job }, rows);
  }

  /**
   * Gauges of the lag every instance shares, read at each scrape: per scheduled job, the
   * seconds it is behind its schedule; where this instance relays, the age of the oldest event
   * owed to webhooks and brokers. For alerting, as readiness does not fail on them.
   */
  watchLag(sources: { jobs: () => { job: string; lagSeconds: number }[]; outbox: (() => Promise<number>) | null }): void {
    if (!this.instruments) return;
    const { prom, registry } = this.instruments;
    const registers = [registry];
    new prom.Gauge({
      name: 'regulars_job_lag_seconds',
      help: "Seconds a scheduled job is behind its schedule (since the first tick after its last complete run); 0 when on time.",
      labelNames: ['job'],
      registers,
      collect(this: Gauge) {
        for (const { job, lagSeconds } of sources.jobs()) this.set({ job }, lagSeconds);
      },
    });
    const outbox = sources.outbox;
    if (!outbox) return;
    new prom.Gauge({
      name: 'regulars_outbox_lag_seconds',
      help: 'Age in seconds of the oldest event still owed to webhooks and brokers; 0 when none is owed.',
      registers,
      async collect(this: Gauge) {
        // A database that does not answer leaves the last figure: the scrape still answers, and up/readiness say why.
        try {
          this.set(await outbox());
        } catch {
          /* the database indicator of /health/ready reports it */
        }
      },
    });
  }

  /** The registry's text for a scrape; null when metrics are off. */
  async exposition(): Promise<{ contentType: string; text: string } | null> {
    if (!this.instruments) return null;
    return { contentType: this.instruments.registry.contentType, text: await this.instruments.registry.metrics() };
  }
}
