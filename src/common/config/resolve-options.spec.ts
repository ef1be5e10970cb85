import { dataSourceOptions } from '../../database.js';
import { resolveOptions, RegularsOptionsError } from './resolve-options.js';
import type { RegularsOptions } from './regulars-options.js';

const valid: RegularsOptions = { tenantSecrets: { demo: 'sixteen-chars-at-least' } };

describe('plugin options', () => {
  it('fills the defaults a restaurant would expect', async () => {
    const config = resolveOptions(valid);
    expect(config).toMatchObject({ holdTtlSeconds: 900, defaultCurrency: 'EUR', timeZone: 'UTC', runMigrations: false, lockWaitTimeoutSeconds: 2 });
    expect(await config.resolveSecrets('demo')).toEqual(['sixteen-chars-at-least']);
    expect(await config.resolveSecrets('unknown')).toEqual([]);
  });

  it.each<[string, Partial<RegularsOptions> | Record<string, unknown>, RegExp]>([
    ['a negative hold TTL', { holdTtlSeconds: -5 }, /"holdTtlSeconds" must be a positive whole number \(got -5\)/],
    ['a fractional hold TTL', { holdTtlSeconds: 1.5 }, /"holdTtlSeconds"/],
    ['an unknown currency', { defaultCurrency: 'EURO' }, /"defaultCurrency" must be an ISO 4217 code/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /"timeZone" must be an IANA time zone .*"Mars\/Olympus"/],
    ['a short secret', { tenantSecrets: { demo: 'short' } }, /"tenantSecrets.demo" must be at least 16 characters/],
    ['no tenants', { tenantSecrets: {} }, /"tenantSecrets" must name at least one tenant/],
    ['a database URL without a database', { database: { url: 'mysql://root@localhost:3306' } }, /"database.url" must look like mysql:/],
    ['a clock without now()', { clock: {} }, /"clock" must be an object with a now\(\) method/],
    ['runMigrations as a string', { runMigrations: 'yes' }, /"runMigrations" must be true or false/],
    ['a cookie policy browsers do not know', { uiCookieSameSite: 'cross-site' }, /"uiCookieSameSite" must be one of strict, lax, none \(got "cross-site"\)/],
    ['a misspelt webhook option', { webhooks: { alowPrivateTargets: true } }, /"webhooks.alowPrivateTargets" is not a webhook option; they are relay, pollIntervalMs/],
    ['a webhook timeout of nothing', { webhooks: { timeoutSeconds: 0 } }, /"webhooks.timeoutSeconds" must be a positive whole number \(got 0\)/],
    ['a lease no longer than the timeout', { webhooks: { timeoutSeconds: 5, leaseSeconds: 5 } }, /"webhooks.leaseSeconds" must be more than webhooks.timeoutSeconds \(5\) \(got 5\)/],
    ['private targets allowed by a string', { webhooks: { allowPrivateTargets: 'yes' } }, /"webhooks.allowPrivateTargets" must be true or false/],
    ['a broker nobody uses here', { broker: { kafka: {} } }, /"broker.kafka" is not an option of broker; they are rabbitmq, nats/],
    ['a RabbitMQ URL of another scheme', { broker: { rabbitmq: { url: 'http://guest:guest@mq:5672' } } }, /"broker.rabbitmq.url" must be an amqp:\/\/ or amqps:\/\/ URL .* \(got "http:\/\/guest:\*\*\*@mq:5672"\)/],
    ['a routing key prefix with a wildcard', { broker: { rabbitmq: { url: 'amqp://mq', routingKeyPrefix: 'regulars.#' } } }, /"broker.rabbitmq.routingKeyPrefix" must be words/],
    ['a prefetch of nothing', { broker: { rabbitmq: { url: 'amqp://mq', queue: 'pos', prefetch: 0 } } }, /"broker.rabbitmq.prefetch" must be a positive whole number/],
    ['NATS servers as a URL of another scheme', { broker: { nats: { servers: 'http://nats:4222' } } }, /"broker.nats.servers" must be a server such as nats:/],
    ['a NATS consumer without its subject', { broker: { nats: { servers: 'nats://nats:4222', consume: { stream: 'POS' } } } }, /"broker.nats.consume" needs the stream and the subject/],
    ['a NATS consumer of the plugin’s own stream', { broker: { nats: { servers: 'nats://nats:4222', consume: { stream: 'REGULARS', subject: 'pos.>' } } } }, /"broker.nats.consume.stream" must be another stream/],
    ['identification counted in Redis without a redis:// URL', { identifyCounting: { redis: { url: 'http://cache:6379' } } }, /"identifyCounting.redis.url" must be a redis:\/\/ or rediss:\/\/ URL/],
    ['a Redis key prefix with a space', { identifyCounting: { redis: { url: 'redis://cache:6379', keyPrefix: 'my app' } } }, /"identifyCounting.redis.keyPrefix" must be letters/],
    ['a flush interval of nothing', { identifyCounting: { flushMs: 0 } }, /"identifyCounting.flushMs" must be a positive whole number/],
    ['a misspelt counting option', { identifyCounting: { flushEveryMs: 500 } }, /"identifyCounting.flushEveryMs" is not an option of identifyCounting; they are flushMs, redis/],
    ['health given as a string', { operations: { health: 'yes' } }, /"operations.health" must be an object/],
    ['a misspelt health option', { operations: { health: { route: 'health' } } }, /"operations.health.route" is not an option of operations.health; they are path, outboxLagSeconds/],
    ['a metrics path with a space', { operations: { metrics: { path: 'my metrics' } } }, /"operations.metrics.path" must be a path such as metrics or ops\/metrics/],
    ['metrics and health on one path', { operations: { health: { path: 'ops' }, metrics: { path: '/ops/' } } }, /"operations.metrics.path" must be another path than operations.health.path/],
    ['a metrics registry that is not prom-client’s', { operations: { metrics: { registry: {} } } }, /"operations.metrics.registry" must be a prom-client Registry/],
    ['an outbox lag of nothing', { operations: { health: { outboxLagSeconds: 0 } } }, /"operations.health.outboxLagSeconds" must be a positive whole number/],
    ['messages without a channel', { messages: {} }, /"messages.channel" must be one of messenger, webhook, smtp/],
    ['the messenger channel without the host’s messenger', { messages: { channel: 'messenger' } }, /"messages.messenger" must be the host’s GuestMessenger/],
    ['the smtp channel without a server', { messages: { channel: 'smtp' } }, /"messages.smtp" must give the SMTP server/],
    ['an SMTP sender without an address', { messages: { channel: 'smtp', smtp: { host: 'mail', from: 'Café Lumi' } } }, /"messages.smtp.from" must be the sender’s address/],
    ['quiet hours past midnight’s clock', { messages: { channel: 'webhook', quietHours: { from: '24:00', until: '09:00' } } }, /"messages.quietHours.from" must be a time of day as HH:MM/],
    ['quiet hours that end as they start', { messages: { channel: 'webhook', quietHours: { from: '09:00', until: '09:00' } } }, /"messages.quietHours" must end at another time/],
    ['a language the plugin does not write', { messages: { channel: 'webhook', defaultLanguage: 'de' } }, /"messages.defaultLanguage" must be one of en, ru, vi, sv/],
  ])('refuses %s and names the option', (_, patch, message) => {
    expect(() => resolveOptions({ ...valid, ...patch } as RegularsOptions)).toThrow(RegularsOptionsError);
    expect(() => resolveOptions({ ...valid, ...patch } as RegularsOptions)).toThrow(message);
  });

  it.each([
    ['another engine’s URL', 'postgres://app:secret@db:5432/regulars', /"database.url" must be a mysql:\/\/ or mariadb:\/\/ URL, or sqlite:<path> \(got "postgres:\/\/app:\*\*\*@db:5432\/regulars"\)/],
    ['a misspelt scheme', 'mysq://root@db:3306/regulars', /"database.url" must be a mysql:\/\/ or mariadb:\/\/ URL/],
    ['a bare file path', './var/regulars.sqlite', /"database.url" must be a mysql:\/\/ or mariadb:\/\/ URL, or sqlite:<path>/],
    ['a blank URL', '  ', /"database.url" must be/],
    ['sqlite: without a file', 'sqlite:', /"database.url" must name the SQLite file/],
    ['a MariaDB URL without a database', 'mariadb://root@db:3306/', /"database.url" must look like mariadb:\/\/user:password@host:3306\/database/],
    ['a MySQL URL without a host', 'mysql:///regulars', /"database.url" must look like mysql:/],
  ])('refuses %s as database.url instead of opening the embedded file', (_, url, message) => {
    expect(() => resolveOptions({ ...valid, database: { url } })).toThrow(RegularsOptionsError);
    expect(() => resolveOptions({ ...valid, database: { url } })).toThrow(message);
    // The public createDataSource() and the migration command refuse it the same way.
    expect(() => dataSourceOptions({ database: { url }, lockWaitTimeoutSeconds: 2 })).toThrow(message);
  });

  it.each([
    ['mysql://app:secret@db:3306/regulars', 'mysql'],
    ['mariadb://app:secret@db:3306/regulars', 'mariadb'],
  ])('takes %s for a MySQL-protocol server', (url, type) => {
    expect(() => resolveOptions({ ...valid, database: { url } })).not.toThrow();
    expect(dataSourceOptions({ database: { url }, lockWaitTimeoutSeconds: 2 })).toMatchObject({ type, url: 'mysql://app:secret@db:3306/regulars' });
  });

  it('relays webhooks with 10 s timeouts and 24 h of retries to public addresses, unless the instance runs no background work', () => {
    expect(resolveOptions(valid).webhooks).toEqual({ relay: true, pollIntervalMs: 1000, timeoutSeconds: 10, leaseSeconds: 70, retryForHours: 24, keepDays: 30, concurrency: 8, allowPrivateTargets: false });
    expect(resolveOptions({ ...valid, jobs: false }).webhooks.relay).toBe(false);
    expect(resolveOptions({ ...valid, jobs: false, webhooks: { relay: true } }).webhooks.relay).toBe(true);
  });

  it('sends guests nothing unless a channel is named, and fills in the defaults of one', () => {
    expect(resolveOptions(valid).messages).toBeNull();
    expect(resolveOptions({ ...valid, messages: { channel: 'smtp', smtp: { host: 'mail.example.com', secure: true, from: 'hello@lumi.example' } } }).messages).toEqual({
      channel: 'smtp',
      messenger: null,
      smtp: { host: 'mail.example.com', port: 465, secure: true, auth: null, from: 'hello@lumi.example' },
      defaultLanguage: 'en',
      quietHours: { from: 1320, until: 540 },
    });
    expect(resolveOptions({ ...valid, messages: { channel: 'webhook', quietHours: false } }).messages?.quietHours).toBeNull();
  });

  it('counts identifications in memory flushed each second unless Redis is named, with the key prefix filled in', () => {
    expect(resolveOptions(valid).identifyCounting).toEqual({ flushMs: 1000, redis: null });
    expect(resolveOptions({ ...valid, identifyCounting: { redis: { url: 'redis://cache:6379' } } }).identifyCounting).toEqual({ flushMs: 1000, redis: { url: 'redis://cache:6379', keyPrefix: 'regulars:' } });
  });

  it('mounts neither health nor metrics unless asked, and fills in the paths of those switched on', () => {
    expect(resolveOptions(valid).operations).toEqual({ health: null, metrics: null });
    expect(resolveOptions({ ...valid, operations: { health: true, metrics: { path: '/ops/metrics/' } } }).operations).toEqual({
      health: { path: 'health', outboxLagSeconds: 300 },
      metrics: { path: 'ops/metrics', registry: null },
    });
  });

  it('publishes to no broker unless one is named, and fills in a named one’s defaults', () => {
    expect(resolveOptions(valid).broker).toEqual({ rabbitmq: null, nats: null });
    expect(resolveOptions({ ...valid, broker: { rabbitmq: { url: 'amqp://guest:guest@127.0.0.1:5672' }, nats: { servers: 'nats://127.0.0.1:4222', consume: { stream: 'POS', subject: 'pos.guest_tab.>' } } } }).broker).toEqual({
      rabbitmq: { url: 'amqp://guest:guest@127.0.0.1:5672', exchange: 'regulars', routingKeyPrefix: 'regulars', queue: null, prefetch: 10 },
      nats: { servers: ['nats://127.0.0.1:4222'], stream: 'REGULARS', subjectPrefix: 'regulars', consume: { stream: 'POS', subject: 'pos.guest_tab.>', durable: 'regulars' }, prefetch: 10 },
    });
  });

  it('takes sqlite:<path> and the in-memory database', () => {
    expect(dataSourceOptions({ database: { url: 'sqlite::memory:' }, lockWaitTimeoutSeconds: 2 })).toMatchObject({ type: 'better-sqlite3', database: ':memory:' });
  });

  it('hides the password of a bad database URL in its message', () => {
    expect(() => resolveOptions({ ...valid, database: { url: 'mysql://app:hunter2@db:3306' } })).toThrow(/app:\*\*\*@db/);
  });

  it('checks secrets a resolver function returns when they are used', async () => {
    const config = resolveOptions({ tenantSecrets: async (tenant) => (tenant === 'demo' ? ['rotated-secret-number-2', 'rotated-secret-number-1'] : undefined) });
    expect(await config.resolveSecrets('demo')).toHaveLength(2);
    expect(await config.resolveSecrets('other')).toEqual([]);
    const weak = resolveOptions({ tenantSecrets: () => 'weak' });
    await expect(weak.resolveSecrets('demo')).rejects.toThrow(/tenantSecrets\(demo\)/);
  });
});
