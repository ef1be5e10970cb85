import { isSupportedCountry } from 'libphonenumber-js/max';
import { DataSource } from 'typeorm';
import { systemClock } from '../clock.js';
import { isKnownCurrency } from '../money.js';
import { CronTime } from 'cron';
import type { GuestMessenger } from '../guest-messages.js';
import { LANGUAGES } from '../languages.js';
import { DEFAULT_SQLITE_PATH } from './regulars.constants.js';
import { DEFAULT_JOB_CRONS, JOB_NAMES, type JobName, type MetricsRegistry, type RegularsConfig, type RegularsOptions, type TenantSecret, type TenantSecretResolver } from './regulars-options.js';

/** Start-up refuses bad options with a message that names the option and the fix. */
export class RegularsOptionsError extends Error {
  constructor(option: string, problem: string, got?: unknown) {
    super(`Regulars option "${option}" ${problem}${got === undefined ? '' : ` (got ${describe(got)})`}`);
    this.name = 'RegularsOptionsError';
  }
}

const MIN_SECRET_LENGTH = 16;

export function resolveOptions(options: RegularsOptions | undefined): RegularsConfig {
  if (!options || typeof options !== 'object') throw new RegularsOptionsError('options', 'must be an object', options);
  return {
    database: resolveDatabase(options),
    resolveSecrets: resolveSecrets(options.tenantSecrets),
    clock: resolveClock(options),
    holdTtlSeconds: positiveInteger('holdTtlSeconds', options.holdTtlSeconds, 900),
    codeReservationHours: positiveInteger('codeReservationHours', options.codeReservationHours, 48),
    defaultCurrency: resolveCurrency(options.defaultCurrency),
    timeZone: resolveTimeZone(options.timeZone),
    defaultCountry: resolveCountry('defaultCountry', options.defaultCountry),
    identifyPerMinute: positiveInteger('identifyPerMinute', options.identifyPerMinute, 120),
    identifyCounting: resolveIdentifyCounting(options.identifyCounting),
    runMigrations: resolveBoolean('runMigrations', options.runMigrations, false),
    lockWaitTimeoutSeconds: positiveInteger('lockWaitTimeoutSeconds', options.lockWaitTimeoutSeconds, 2),
    jobs: resolveJobs(options.jobs),
    expiryNoticeDays: positiveInteger('expiryNoticeDays', options.expiryNoticeDays, 30),
    uiCookieSameSite: oneOf('uiCookieSameSite', options.uiCookieSameSite, ['strict', 'lax', 'none'] as const, 'strict'),
    bodyLimitBytes: positiveInteger('bodyLimitBytes', options.bodyLimitBytes, 1024 * 1024),
    routePrefix: resolveRoutePrefix(options.routePrefix),
    webhooks: resolveWebhooks(options.webhooks, options.jobs),
    broker: resolveBroker(options.broker),
    messages: resolveMessages(options.messages),
    operations: resolveOperations(options.operations),
  };
}

/** `HH:MM` on a 24-hour clock, as minutes past midnight; null for anything else. */
export function clockMinutes(value: unknown): number | null {
  const match = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function resolveQuietHours(option: string, value: unknown): { from: number; until: number } | null {
  if (value === false || value === null) return null;
  const given = objectOption(option, value, ['from', 'until']);
  const from = clockMinutes(given.from);
  const until = clockMinutes(given.until);
  if (from === null) throw new RegularsOptionsError(`${option}.from`, 'must be a time of day as HH:MM, such as 22:00', given.from);
  if (until === null) throw new RegularsOptionsError(`${option}.until`, 'must be a time of day as HH:MM, such as 09:00', given.until);
  if (from === until) throw new RegularsOptionsError(option, 'must end at another time than it starts (false for no quiet hours)', value);
  return { from, until };
}

function resolveMessages(messages: RegularsOptions['messages']): RegularsConfig['messages'] {
  if (messages === undefined) return null;
  const given = objectOption('messages', messages, ['channel', 'messenger', 'smtp', 'defaultLanguage', 'quietHours']);
  const channel = oneOf('messages.channel', given.channel ?? null, ['messenger', 'webhook', 'smtp'] as const, 'webhook');
  const messenger = given.messenger as GuestMessenger | undefined;
  if (channel === 'messenger' && (typeof messenger !== 'object' || messenger === null || typeof messenger.send !== 'function')) {
    throw new RegularsOptionsError('messages.messenger', 'must be the host’s GuestMessenger (an object with send(message)) when messages.channel is messenger');
  }
  if (channel === 'smtp' && given.smtp === undefined) throw new RegularsOptionsError('messages.smtp', 'must give the SMTP server ({ host, from, … }) when messages.channel is smtp');
  return {
    channel,
    messenger: channel === 'messenger' ? messenger! : null,
    smtp: given.smtp === undefined ? null : resolveSmtp(given.smtp),
    defaultLanguage: oneOf('messages.defaultLanguage', given.defaultLanguage, LANGUAGES, 'en'),
    quietHours: given.quietHours === undefined ? { from: 22 * 60, until: 9 * 60 } : resolveQuietHours('messages.quietHours', given.quietHours),
  };
}

function resolveSmtp(value: unknown): NonNullable<NonNullable<RegularsConfig['messages']>['smtp']> {
  const given = objectOption('messages.smtp', value, ['host', 'port', 'secure', 'auth', 'from']);
  if (typeof given.host !== 'string' || given.host.trim() === '') throw new RegularsOptionsError('messages.smtp.host', 'must be the SMTP server’s name or address', given.host);
  if (typeof given.from !== 'string' || !/@/.test(given.from)) throw new RegularsOptionsError('messages.smtp.from', 'must be the sender’s address, such as "Café Lumi" <hello@lumi.example>', given.from);
  const secure = resolveBoolean('messages.smtp.secure', given.secure, false);
  const port = positiveInteger('messages.smtp.port', given.port, secure ? 465 : 587);
  if (port > 65535) throw new RegularsOptionsError('messages.smtp.port', 'must be a TCP port, 1 to 65535', port);
  let auth: { user: string; pass: string } | null = null;
  if (given.auth !== undefined) {
    const asked = objectOption('messages.smtp.auth', given.auth, ['user', 'pass']);
    if (typeof asked.user !== 'string' || typeof asked.pass !== 'string') throw new RegularsOptionsError('messages.smtp.auth', 'must be { user, pass }, both strings');
    auth = { user: asked.user, pass: asked.pass };
  }
  return { host: given.host, port, secure, auth, from: given.from };
}

/** An exchange, queue, stream or durable name: what both brokers accept and a routing key or subject can carry. */
const BROKER_NAME = /^[A-Za-z0-9_-]+$/;
/** Dot-separated words, without the wildcards `*`, `>` and `#`. */
const DOTTED_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

function resolveBroker(broker: RegularsOptions['broker']): RegularsConfig['broker'] {
  const given = objectOption('broker', broker, ['rabbitmq', 'nats']);
  return { rabbitmq: given.rabbitmq === undefined ? null : resolveRabbitMq(given.rabbitmq), nats: given.nats === undefined ? null : resolveNats(given.nats) };
}

function resolveRabbitMq(value: unknown): NonNullable<RegularsConfig['broker']['rabbitmq']> {
  const given = objectOption('broker.rabbitmq', value, ['url', 'exchange', 'routingKeyPrefix', 'queue', 'prefetch']);
  let url: URL | null = null;
  try {
    url = typeof given.url === 'string' ? new URL(given.url) : null;
  } catch {
    url = null;
  }
  if (!url || !['amqp:', 'amqps:'].includes(url.protocol) || !url.hostname) {
    throw new RegularsOptionsError('broker.rabbitmq.url', 'must be an amqp:// or amqps:// URL such as amqp://guest:guest@127.0.0.1:5672', typeof given.url === 'string' ? redact(given.url) : given.url);
  }
  return {
    url: given.url as string,
    exchange: named('broker.rabbitmq.exchange', given.exchange, BROKER_NAME, 'regulars'),
    routingKeyPrefix: named('broker.rabbitmq.routingKeyPrefix', given.routingKeyPrefix, DOTTED_NAME, 'regulars'),
    queue: given.queue === undefined ? null : named('broker.rabbitmq.queue', given.queue, BROKER_NAME, ''),
    prefetch: positiveInteger('broker.rabbitmq.prefetch', given.prefetch, 10),
  };
}

function resolveNats(value: unknown): NonNullable<RegularsConfig['broker']['nats']> {
  const given = objectOption('broker.nats', value, ['servers', 'stream', 'subjectPrefix', 'consume', 'prefetch']);
  const servers = typeof given.servers === 'string' ? [given.servers] : given.servers;
  if (!Array.isArray(servers) || servers.length === 0 || !servers.every((server) => typeof server === 'string' && /^(nats|tls|wss?):\/\/[^\s/]+$|^[^\s/:]+:\d+$/.test(server))) {
    throw new RegularsOptionsError('broker.nats.servers', 'must be a server such as nats://127.0.0.1:4222, or a list of them', given.servers);
  }
  let consume: NonNullable<RegularsConfig['broker']['nats']>['consume'] = null;
  if (given.consume !== undefined) {
    const asked = objectOption('broker.nats.consume', given.consume, ['stream', 'subject', 'durable']);
    if (asked.stream === undefined || asked.subject === undefined) throw new RegularsOptionsError('broker.nats.consume', 'needs the stream and the subject the guest-tab events are published on');
    if (typeof asked.subject !== 'string' || !/^[A-Za-z0-9_-]+(\.([A-Za-z0-9_-]+|\*))*(\.>)?$/.test(asked.subject)) {
      throw new RegularsOptionsError('broker.nats.consume.subject', 'must be a subject such as pos.guest_tab.> (wildcards * and > allowed)', asked.subject);
    }
    consume = {
      stream: named('broker.nats.consume.stream', asked.stream, BROKER_NAME, ''),
      subject: asked.subject,
      durable: named('broker.nats.consume.durable', asked.durable, BROKER_NAME, 'regulars'),
    };
  }
  const result = {
    servers: servers as string[],
    stream: named('broker.nats.stream', given.stream, BROKER_NAME, 'REGULARS'),
    subjectPrefix: named('broker.nats.subjectPrefix', given.subjectPrefix, DOTTED_NAME, 'regulars'),
    consume,
    prefetch: positiveInteger('broker.nats.prefetch', given.prefetch, 10),
  };
  if (consume && consume.stream === result.stream) {
    throw new RegularsOptionsError('broker.nats.consume.stream', `must be another stream than the one the plugin publishes to ("${result.stream}")`, consume.stream);
  }
  return result;
}

function resolveIdentifyCounting(value: RegularsOptions['identifyCounting']): RegularsConfig['identifyCounting'] {
  const given = objectOption('identifyCounting', value, ['flushMs', 'redis']);
  const flushMs = positiveInteger('identifyCounting.flushMs', given.flushMs, 1000);
  if (given.redis === undefined) return { flushMs, redis: null };
  const redis = objectOption('identifyCounting.redis', given.redis, ['url', 'keyPrefix']);
  if (typeof redis.url !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(redis.url)) {
    throw new RegularsOptionsError('identifyCounting.redis.url', 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379', typeof redis.url === 'string' ? redact(redis.url) : redis.url);
  }
  const keyPrefix = redis.keyPrefix ?? 'regulars:';
  if (typeof keyPrefix !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(keyPrefix)) {
    throw new RegularsOptionsError('identifyCounting.redis.keyPrefix', 'must be letters, digits and _ . : - only, such as regulars:', keyPrefix);
  }
  return { flushMs, redis: { url: redis.url, keyPrefix } };
}

function resolveOperations(value: RegularsOptions['operations']): RegularsConfig['operations'] {
  const given = objectOption('operations', value, ['health', 'metrics']);
  const health = switchedOn('operations.health', given.health, ['path', 'outboxLagSeconds']);
  const metrics = switchedOn('operations.metrics', given.metrics, ['path', 'registry']);
  const resolved: RegularsConfig['operations'] = {
    health: health && { path: routePath('operations.health.path', health.path, 'health', 'health or ops/health'), outboxLagSeconds: positiveInteger('operations.health.outboxLagSeconds', health.outboxLagSeconds, 300) },
    metrics: metrics && { path: routePath('operations.metrics.path', metrics.path, 'metrics', 'metrics or ops/metrics'), registry: metricsRegistry(metrics.registry) },
  };
  if (resolved.health && resolved.metrics && resolved.health.path === resolved.metrics.path) {
    throw new RegularsOptionsError('operations.metrics.path', 'must be another path than operations.health.path', resolved.metrics.path);
  }
  return resolved;
}

/** An optional part of the options: off when absent or false, its defaults when true. */
function switchedOn(option: string, value: unknown, known: string[]): Record<string, unknown> | null {
  if (value === undefined || value === false) return null;
  if (value === true) return {};
  if (value === null) throw new RegularsOptionsError(option, 'must be true, false or an object', value);
  return objectOption(option, value, known);
}

function metricsRegistry(value: unknown): MetricsRegistry | null {
  if (value === undefined) return null;
  const registry = value as Partial<MetricsRegistry> | null;
  if (typeof registry?.registerMetric !== 'function' || typeof registry.metrics !== 'function') {
    throw new RegularsOptionsError('operations.metrics.registry', "must be a prom-client Registry (new Registry() or prom-client's register)");
  }
  return registry as MetricsRegistry;
}

/** A path under which routes are mounted, without slashes at either end. */
function routePath(option: string, value: unknown, fallback: string, example: string): string {
  if (value === undefined) return fallback;
  const path = typeof value === 'string' ? value.replace(/^\/+|\/+$/g, '') : null;
  if (path === null || !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(path)) throw new RegularsOptionsError(option, `must be a path such as ${example}`, value);
  return path;
}

/** An object of the named options; a misspelt one would otherwise be ignored without a word. */
function objectOption(option: string, value: unknown, known: string[]): Record<string, unknown> {
  const given = value ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new RegularsOptionsError(option, 'must be an object', given);
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) throw new RegularsOptionsError(`${option}.${name}`, `is not an option of ${option}; they are ${known.join(', ')}`);
  }
  return given as Record<string, unknown>;
}

function named(option: string, value: unknown, pattern: RegExp, fallback: string): string {
  if (value === undefined && fallback !== '') return fallback;
  if (typeof value !== 'string' || !pattern.test(value)) {
    const example = pattern === DOTTED_NAME ? 'words of letters, digits, _ and - separated by dots, such as regulars' : 'letters, digits, _ and - only, such as regulars';
    throw new RegularsOptionsError(option, `must be ${example}`, value);
  }
  return value;
}

const WEBHOOK_OPTIONS = ['relay', 'pollIntervalMs', 'timeoutSeconds', 'leaseSeconds', 'retryForHours', 'keepDays', 'concurrency', 'allowPrivateTargets'];

function resolveWebhooks(webhooks: RegularsOptions['webhooks'], jobs: RegularsOptions['jobs']): RegularsConfig['webhooks'] {
  const given = webhooks ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new RegularsOptionsError('webhooks', 'must be an object', given);
  // A misspelt allowPrivateTargets or relay would otherwise be ignored without a word.
  for (const name of Object.keys(given)) {
    if (!WEBHOOK_OPTIONS.includes(name)) throw new RegularsOptionsError(`webhooks.${name}`, `is not a webhook option; they are ${WEBHOOK_OPTIONS.join(', ')}`);
  }
  const timeoutSeconds = positiveInteger('webhooks.timeoutSeconds', given.timeoutSeconds, 10);
  const leaseSeconds = positiveInteger('webhooks.leaseSeconds', given.leaseSeconds, timeoutSeconds + 60);
  // A lease that ran out while the receiver still had time to answer would have another instance send it beside this one.
  if (leaseSeconds <= timeoutSeconds) throw new RegularsOptionsError('webhooks.leaseSeconds', `must be more than webhooks.timeoutSeconds (${timeoutSeconds})`, leaseSeconds);
  return {
    relay: resolveBoolean('webhooks.relay', given.relay, jobs !== false),
    pollIntervalMs: positiveInteger('webhooks.pollIntervalMs', given.pollIntervalMs, 1000),
    timeoutSeconds,
    leaseSeconds,
    retryForHours: positiveInteger('webhooks.retryForHours', given.retryForHours, 24),
    keepDays: positiveInteger('webhooks.keepDays', given.keepDays, 30),
    concurrency: positiveInteger('webhooks.concurrency', given.concurrency, 8),
    allowPrivateTargets: resolveBoolean('webhooks.allowPrivateTargets', given.allowPrivateTargets, false),
  };
}

function resolveRoutePrefix(value: unknown): string {
  return routePath('routePrefix', value, '', 'regulars or api/loyalty');
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly unknown[]).includes(value)) throw new RegularsOptionsError(option, `must be one of ${allowed.join(', ')}`, value);
  return value as T;
}

function resolveJobs(jobs: RegularsOptions['jobs']): RegularsConfig['jobs'] {
  const schedule = Object.fromEntries(JOB_NAMES.map((name) => [name, jobs === false ? null : DEFAULT_JOB_CRONS[name]])) as RegularsConfig['jobs'];
  if (jobs === undefined || jobs === false) return schedule;
  if (typeof jobs !== 'object' || jobs === null) throw new RegularsOptionsError('jobs', 'must be false or an object of crons per job', jobs);
  for (const [name, cron] of Object.entries(jobs)) {
    if (!(JOB_NAMES as readonly string[]).includes(name)) {
      throw new RegularsOptionsError(`jobs.${name}`, `is not a job; the jobs are ${JOB_NAMES.join(', ')}`);
    }
    if (cron === false) {
      schedule[name as JobName] = null;
      continue;
    }
    try {
      if (typeof cron !== 'string') throw new Error();
      new CronTime(cron);
    } catch {
      throw new RegularsOptionsError(`jobs.${name}`, 'must be a cron such as "0 3 * * *" or false', cron);
    }
    schedule[name as JobName] = cron;
  }
  return schedule;
}

function resolveDatabase(options: RegularsOptions): RegularsConfig['database'] {
  const database = options.database ?? {};
  if (typeof database !== 'object') throw new RegularsOptionsError('database', 'must be an object', database);
  if (database.url !== undefined) databaseEngine(database.url);
  if (database.url === undefined && database.dataSource === undefined && process.env.NODE_ENV === 'production') {
    // A production host that forgot its database must not start on a file in its working directory.
    throw new RegularsOptionsError(
      'database',
      `needs a url or a dataSource in production (NODE_ENV=production); to use the embedded SQLite file on purpose, set url: 'sqlite:${DEFAULT_SQLITE_PATH}'`,
    );
  }
  if (database.dataSource !== undefined) {
    if (!(database.dataSource instanceof DataSource)) {
      throw new RegularsOptionsError('database.dataSource', 'must be a TypeORM DataSource');
    }
    if (database.url !== undefined) {
      throw new RegularsOptionsError('database', 'takes either url or dataSource, not both');
    }
  }
  if (database.poolSize !== undefined) positiveInteger('database.poolSize', database.poolSize, 10);
  return database;
}

export type DatabaseEngine = 'mysql' | 'mariadb' | 'sqlite';

/**
 * The engine a `database.url` names, or a refusal: a URL of any other scheme (postgres://,
 * a typo such as mysq://) must stop start-up rather than quietly open the embedded file.
 */
export function databaseEngine(url: unknown): DatabaseEngine {
  if (url === undefined) return 'sqlite';
  if (typeof url !== 'string' || url.trim() === '') {
    throw new RegularsOptionsError('database.url', 'must be a mysql:// or mariadb:// URL, or sqlite:<path>', url);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  if (scheme === 'sqlite') {
    if (url.length === 'sqlite:'.length) throw new RegularsOptionsError('database.url', 'must name the SQLite file after sqlite:, e.g. sqlite:./var/regulars.sqlite', url);
    return 'sqlite';
  }
  if (scheme !== 'mysql' && scheme !== 'mariadb') {
    throw new RegularsOptionsError('database.url', 'must be a mysql:// or mariadb:// URL, or sqlite:<path>', redact(url));
  }
  try {
    const parsed = new URL(url);
    if (!parsed.hostname || parsed.pathname.length <= 1) throw new Error('no host or database');
  } catch {
    throw new RegularsOptionsError('database.url', `must look like ${scheme}://user:password@host:3306/database`, redact(url));
  }
  return scheme;
}

function resolveSecrets(secrets: RegularsOptions['tenantSecrets']): RegularsConfig['resolveSecrets'] {
  if (typeof secrets === 'function') {
    const resolver: TenantSecretResolver = secrets;
    return async (tenantId) => normaliseSecret(`tenantSecrets(${tenantId})`, await resolver(tenantId));
  }
  if (!secrets || typeof secrets !== 'object' || Array.isArray(secrets)) {
    throw new RegularsOptionsError('tenantSecrets', 'must map tenant ids to secrets, e.g. {"demo": "a long random string"}', secrets);
  }
  if (Object.keys(secrets).length === 0) {
    throw new RegularsOptionsError('tenantSecrets', 'must name at least one tenant');
  }
  const table = new Map<string, readonly string[]>();
  for (const [tenantId, secret] of Object.entries(secrets)) {
    // A secret read from an environment variable that is not set would leave the tenant silently unknown.
    if (secret === undefined || secret === '') throw new RegularsOptionsError(`tenantSecrets.${tenantId}`, 'is not set (an environment variable left undefined?)', secret);
    table.set(tenantId, normaliseSecret(`tenantSecrets.${tenantId}`, secret));
  }
  return async (tenantId) => table.get(tenantId) ?? [];
}

function normaliseSecret(option: string, secret: TenantSecret | undefined): readonly string[] {
  if (secret === undefined) return [];
  const list = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(list) || list.length === 0) {
    throw new RegularsOptionsError(option, 'must be a secret string or a non-empty list of them');
  }
  for (const item of list) {
    if (typeof item !== 'string' || item.length < MIN_SECRET_LENGTH) {
      throw new RegularsOptionsError(option, `must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
  }
  return list;
}

function resolveClock(options: RegularsOptions): RegularsConfig['clock'] {
  if (options.clock === undefined) return systemClock;
  if (typeof options.clock?.now !== 'function') {
    throw new RegularsOptionsError('clock', 'must be an object with a now() method returning a Date');
  }
  return options.clock;
}

function resolveCurrency(value: unknown): string {
  if (value === undefined) return 'EUR';
  if (typeof value !== 'string' || !isKnownCurrency(value)) {
    throw new RegularsOptionsError('defaultCurrency', 'must be an ISO 4217 code such as EUR or VND', value);
  }
  return value;
}

function resolveTimeZone(value: unknown): string {
  if (value === undefined) return 'UTC';
  try {
    if (typeof value !== 'string') throw new Error();
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw new RegularsOptionsError('timeZone', 'must be an IANA time zone such as Europe/Stockholm', value);
  }
}

export function resolveCountry(option: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isSupportedCountry(value)) {
    throw new RegularsOptionsError(option, 'must be an ISO 3166 country code such as SE, RU or VN', value);
  }
  return value;
}

function positiveInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new RegularsOptionsError(option, 'must be a positive whole number', value);
  }
  return value;
}

function resolveBoolean(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new RegularsOptionsError(option, 'must be true or false', value);
  return value;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
