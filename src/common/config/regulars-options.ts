import type { DataSource } from 'typeorm';
import type { GuestMessenger } from '../guest-messages.js';
import type { Clock } from '../clock.js';
import type { Language } from '../languages.js';

/** The plugin's scheduled jobs. */
export const JOB_NAMES = ['tiers', 'lot-expiry', 'hold-release', 'birthdays', 'event-retention', 'reports'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** When each job runs, as a cron in the plugin's time zone; `false` leaves it unscheduled. */
export const DEFAULT_JOB_CRONS: Record<JobName, string> = {
  tiers: '0 3 * * *',
  'lot-expiry': '30 3 * * *',
  'hold-release': '*/5 * * * *',
  birthdays: '0 6 * * *',
  'event-retention': '15 4 * * *',
  reports: '45 4 * * *',
};

/** A tenant's shared secret, or several while a secret is being rotated. */
export type TenantSecret = string | readonly string[];

/** Looks a tenant's secret up elsewhere (a vault, the host's own tenant table). */
export type TenantSecretResolver = (tenantId: string) => TenantSecret | undefined | Promise<TenantSecret | undefined>;

export interface RegularsDatabaseOptions {
  /**
   * `mysql://user:password@host:3306/database` (or `mariadb://…`) for MySQL 8 /
   * MariaDB 10.6+, or `sqlite:<path>` for an SQLite file. Nothing means the embedded
   * file `./var/regulars.sqlite`; any other URL stops start-up.
   */
  url?: string;
  /**
   * The host's own TypeORM DataSource, to share its pool. It must register
   * `REGULARS_ENTITIES` and `REGULARS_MIGRATIONS`, and (MySQL) use `timezone: 'Z'`.
   */
  dataSource?: DataSource;
  /** Connections in the plugin's own MySQL pool. Default 10. */
  poolSize?: number;
  /** Log every SQL statement (development only). */
  logging?: boolean;
}

/** How this instance sends the outbox's events to webhook subscribers (CONTRACT.md, "Events out"). */
export interface RegularsWebhookOptions {
  /**
   * Run the relay in this instance: it fans the outbox out to the subscriptions and sends
   * the deliveries. Default: on, unless `jobs` is false (an instance that runs no background
   * work; `WebhookRelay.drain()` sends what is due by hand). Several instances may relay:
   * each delivery is claimed by one of them.
   */
  relay?: boolean;
  /** How often an idle relay looks for new events and due deliveries, in milliseconds. Default 1000. */
  pollIntervalMs?: number;
  /** How long a receiver has to answer one delivery, in seconds. Default 10. */
  timeoutSeconds?: number;
  /**
   * How long a delivery an instance took for sending stays its own, in seconds: only after it
   * does another instance send it again, so it is how long an instance that died mid-delivery
   * holds back that subscriber's next events for the guest. More than `timeoutSeconds` (the rest
   * is the time to write the outcome); default `timeoutSeconds` + 60.
   */
  leaseSeconds?: number;
  /** How long a delivery is retried after its first attempt before it is dead, in hours. Default 24. */
  retryForHours?: number;
  /**
   * How long the events and the delivery log are kept once nothing more is owed, in days: the
   * nightly `event-retention` job removes delivered, dead and skipped deliveries made longer
   * ago, then the events and records of messages told that no delivery refers to. Default 30.
   */
  keepDays?: number;
  /** Deliveries one instance has in flight at once; a hanging receiver holds one of them. Default 8. */
  concurrency?: number;
  /**
   * Let subscriptions point at loopback, private, link-local and unique-local addresses and
   * localhost (a receiver on the same machine or network, tests). Default false: such a URL
   * is refused when subscribing and when a name resolves to one at delivery.
   */
  allowPrivateTargets?: boolean;
}

/**
 * The host's RabbitMQ (README "On your broker", CONTRACT.md "Events out"): the outbox is
 * published to a topic exchange, and guest-tab events are consumed from a queue when one is named.
 */
export interface RegularsRabbitMqOptions {
  /** `amqp://user:password@host:5672/vhost` (or `amqps://…`). */
  url: string;
  /** The durable topic exchange the events are published to; declared if missing. Default `regulars`. */
  exchange?: string;
  /** First word of every routing key: `<prefix>.<type>`, e.g. `regulars.tier.changed`. Default `regulars`. */
  routingKeyPrefix?: string;
  /** Consume guest-tab events from this durable queue (declared if missing); refused ones go to `<queue>.dead`. Default: consume nothing. */
  queue?: string;
  /** Unacknowledged guest-tab messages one instance holds at once. Default 10. */
  prefetch?: number;
}

/** The host's NATS JetStream: the outbox is published to a stream, guest-tab events are consumed by a durable consumer. */
export interface RegularsNatsOptions {
  /** `nats://host:4222`, or several for a cluster. */
  servers: string | string[];
  /** The stream the events are stored in; made, over `<subjectPrefix>.>`, if missing. Default `REGULARS`. */
  stream?: string;
  /** First token of every subject: `<prefix>.<type>`, e.g. `regulars.tier.changed`. Default `regulars`. Refused guest-tab events go to `<prefix>.guest_tab.dead`. */
  subjectPrefix?: string;
  /** Consume guest-tab events: the host's stream, the subject they are published on (made as a stream if missing) and the durable consumer's name. Default: consume nothing. */
  consume?: { stream: string; subject: string; durable?: string };
  /** Unacknowledged guest-tab messages one instance holds at once. Default 10. */
  prefetch?: number;
}

/** The host's message brokers; the publishing goes through the webhook relay, so it runs where `webhooks.relay` does. */
export interface RegularsBrokerOptions {
  rabbitmq?: RegularsRabbitMqOptions;
  nats?: RegularsNatsOptions;
}

/** Hours of a day, on the tenant's wall clock (`timeZone`), as `HH:MM`; `from` after `until` spans midnight. */
export interface QuietHours {
  from: string;
  until: string;
}

/** The built-in e-mail channel: nodemailer over SMTP (needs the `nodemailer` package in the host). */
export interface RegularsSmtpOptions {
  host: string;
  /** Default 587, or 465 when `secure`. */
  port?: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. Default false. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** The sender, `"Café Lumi" <hello@lumi.example>`. */
  from: string;
}

/**
 * Messages to guests (README "Messages to guests"): the channel that sends them, and when.
 * Without this option the plugin sends guests nothing.
 */
export interface RegularsMessagesOptions {
  /**
   * `messenger`: the host's GuestMessenger (`messenger`); `webhook`: a `message.requested`
   * event with the rendered text and the guest's contacts, to the webhook subscriptions (and
   * brokers) that take it; `smtp`: e-mail through `smtp`.
   */
  channel: 'messenger' | 'webhook' | 'smtp';
  /** The host's channel, for `channel: 'messenger'`; with forRootAsync, injected into the factory like any provider. */
  messenger?: GuestMessenger;
  /** For `channel: 'smtp'`. */
  smtp?: RegularsSmtpOptions;
  /** The language of guests who have none of their own. Default `en`. */
  defaultLanguage?: Language;
  /** When no message goes out, unless a tenant sets its own (PUT /messages/settings); `false` for none. Default 22:00–09:00. */
  quietHours?: QuietHours | false;
}

/** What a Prometheus registry of prom-client offers the plugin: its own type would make prom-client a dependency of every host's types. */
export interface MetricsRegistry {
  readonly registerMetric: (metric: never) => void;
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** The routes an operations team watches the plugin by (README "Running it in production"); each off unless named. */
export interface RegularsOperationsOptions {
  /**
   * `GET /<path>/live` and `GET /<path>/ready` through @nestjs/terminus (which the host
   * installs): ready is 503 only while this instance's database does not answer or one of the
   * plugin's migrations is pending. The lag every instance shares is in ready's details, up
   * with `behind: true`, never a 503: a scheduled job that missed two runs in a row, the
   * oldest event owed to webhooks and brokers older than `outboxLagSeconds` (default 300).
   * `true` for `{ path: 'health' }`.
   */
  health?: boolean | { path?: string; outboxLagSeconds?: number };
  /**
   * `GET /<path>` in Prometheus text through prom-client (which the host installs), from a
   * registry of the plugin's own, or the host's `registry` to serve its metrics and the
   * plugin's together; the shared lag as gauges (`regulars_job_lag_seconds{job}`,
   * `regulars_outbox_lag_seconds`) to alert on. `true` for `{ path: 'metrics' }`.
   */
  metrics?: boolean | { path?: string; registry?: MetricsRegistry };
}

export interface RegularsOptions {
  /** Where the plugin keeps its `rc_` tables. Default: the embedded SQLite file. */
  database?: RegularsDatabaseOptions;
  /**
   * HMAC-SHA256 secrets per tenant for signed HTTP calls (CONTRACT.md section 5):
   * `{ "brand-1": "…" }`, or a function that resolves one.
   */
  tenantSecrets: Record<string, TenantSecret> | TenantSecretResolver;
  /** Replaces the system clock (tests, replays). */
  clock?: Clock;
  /** How long a bonus-payment hold lives before it is released, in seconds. Default 900. */
  holdTtlSeconds?: number;
  /**
   * How long a pre-check keeps a tab's promo codes set aside, in hours: a tab neither closed
   * nor cancelled by then was lost by the host, and its codes are free for other tabs. Default 48.
   */
  codeReservationHours?: number;
  /** ISO 4217 currency of a tenant's accounts when nothing else says. Default `EUR`. */
  defaultCurrency?: string;
  /** IANA time zone for business days, rule time windows and schedules. Default `UTC`. */
  timeZone?: string;
  /**
   * ISO 3166 country whose national phone numbers a tenant's staff type without a
   * country code ("89123456789" in RU). A tenant's own setting overrides it.
   */
  defaultCountry?: string;
  /** Identification attempts one terminal may make per minute (429 past it). Default 120. */
  identifyPerMinute?: number;
  /**
   * Where identification attempts are counted for the limits (README "Identification limits").
   * Default: in each instance's memory, added to counters in the database that every instance
   * shares at least every `flushMs` (default 1000), off the till's path — a limit may be
   * overshot by what the other instances let through in one flush interval. With `redis`, each
   * attempt counts in Redis as it comes (needs the `ioredis` package in the host); while Redis
   * does not answer, attempts count as without it.
   */
  identifyCounting?: { flushMs?: number; redis?: { url: string; keyPrefix?: string } };
  /** Apply pending migrations at start-up instead of refusing to start. Default false. */
  runMigrations?: boolean;
  /**
   * Longest a till request waits for a row lock held by concurrent work, in seconds,
   * before the unit of work is rolled back and retried once. Default 2.
   */
  lockWaitTimeoutSeconds?: number;
  /**
   * Schedules of the jobs in this instance: `false` schedules none (run them with
   * `npx regulars job <name>` or `POST /jobs/{job}/runs`); per job a cron in `timeZone`, or `false`.
   * Default: DEFAULT_JOB_CRONS. Several instances may schedule the same jobs: each run
   * happens in one of them.
   */
  jobs?: false | Partial<Record<JobName, string | false>>;
  /** How far ahead the customer card and accounts announce expiring points, in days. Default 30. */
  expiryNoticeDays?: number;
  /**
   * The session cookie of the embedded pages. `strict` (the default) when the pages are
   * served from the host's own site; `none` (sent only over HTTPS) when a back office on
   * another site shows them in an iframe.
   */
  uiCookieSameSite?: 'strict' | 'lax' | 'none';
  /**
   * The largest JSON body the plugin's routes take, in bytes; past it they answer 413
   * `body_too_large`. Default 1 MiB: a banquet tab of 1,000 lines is about 130 kB.
   */
  bodyLimitBytes?: number;
  /**
   * Mounts every route of the plugin under this path (`regulars` makes `POST
   * /regulars/hooks/guest-tab`, `/regulars/ui/`…), beside the host's own. Default: none,
   * and start-up fails naming both when a host route takes one of the plugin's paths.
   */
  routePrefix?: string;
  /** Webhook delivery: the relay, its timing and which targets it may send to. */
  webhooks?: RegularsWebhookOptions;
  /** The host's RabbitMQ and NATS JetStream, to publish the outbox to and consume guest-tab events from. Default: none. */
  broker?: RegularsBrokerOptions;
  /** Messages to guests and the channel they go through. Default: none sent. */
  messages?: RegularsMessagesOptions;
  /** Health and metrics routes for the host's operations team. Default: neither. */
  operations?: RegularsOperationsOptions;
}

/** The options after validation, with every default filled in. */
export interface RegularsConfig {
  database: RegularsDatabaseOptions;
  resolveSecrets: (tenantId: string) => Promise<readonly string[]>;
  clock: Clock;
  holdTtlSeconds: number;
  codeReservationHours: number;
  defaultCurrency: string;
  timeZone: string;
  defaultCountry: string | null;
  identifyPerMinute: number;
  identifyCounting: { flushMs: number; redis: { url: string; keyPrefix: string } | null };
  runMigrations: boolean;
  lockWaitTimeoutSeconds: number;
  /** The cron of each job scheduled in this instance, or null. */
  jobs: Record<JobName, string | null>;
  expiryNoticeDays: number;
  uiCookieSameSite: 'strict' | 'lax' | 'none';
  bodyLimitBytes: number;
  /** Without slashes at either end; '' for none. */
  routePrefix: string;
  webhooks: Required<RegularsWebhookOptions>;
  broker: {
    rabbitmq: (Required<Omit<RegularsRabbitMqOptions, 'queue'>> & { queue: string | null }) | null;
    nats: (Required<Omit<RegularsNatsOptions, 'servers' | 'consume'>> & { servers: string[]; consume: Required<NonNullable<RegularsNatsOptions['consume']>> | null }) | null;
  };
  /** Null when no channel is configured: no message is owed to anyone. */
  messages: {
    channel: RegularsMessagesOptions['channel'];
    messenger: GuestMessenger | null;
    smtp: (Required<Omit<RegularsSmtpOptions, 'auth'>> & { auth: RegularsSmtpOptions['auth'] | null }) | null;
    defaultLanguage: Language;
    /** Minutes past local midnight; null for none. */
    quietHours: { from: number; until: number } | null;
  } | null;
  /** Each null when off; paths without slashes at either end. */
  operations: {
    health: { path: string; outboxLagSeconds: number } | null;
    metrics: { path: string; registry: MetricsRegistry | null } | null;
  };
}
